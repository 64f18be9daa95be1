// Small statistics helpers for benchmarks: medians and percentiles, never means of noisy timings.
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[at];
}

export const median = (values: number[]) => percentile(values, 50);

/** Times `run` `count` times after `warmup` untimed runs; returns milliseconds per run. */
export function timeRuns(run: () => void, count: number, warmup = 5): number[] {
  for (let i = 0; i < warmup; i++) run();
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    out.push(performance.now() - start);
  }
  return out;
}
