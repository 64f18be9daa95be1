// Runs one job (push, rollback) on many sorters: a canary first, which must succeed and pass
// its health check before any other host is touched, then the rest with bounded concurrency.
import type { HostEntry } from './inventory.js';

export interface HostOutcome {
  host: string; ok: boolean; result: string; modelId?: string; seconds?: number; detail: string;
  /** The sorter's MQTT topic root, as its serving.json reports it. */
  topicRoot?: string;
}

export interface FleetOptions {
  parallel: number;
  /** Checked after the canary's job succeeds; throws to stop the rollout. */
  canaryCheck?: (outcome: HostOutcome, entry: HostEntry) => Promise<void>;
  onEvent?: (line: string) => void;
}

export async function runFleet(entries: HostEntry[], job: (entry: HostEntry) => Promise<HostOutcome>, options: FleetOptions): Promise<HostOutcome[]> {
  const results = new Map<HostEntry, HostOutcome>();
  const say = options.onEvent ?? (() => {});
  const [canary, ...rest] = entries;
  if (entries.length > 1) say(`canary: ${canary.label}`);
  const first = await job(canary);
  if (first.ok && options.canaryCheck && entries.length > 1) {
    try {
      await options.canaryCheck(first, canary);
      say(`canary ${canary.label} is healthy on ${first.modelId}; continuing with ${rest.length} more`);
    } catch (err) {
      first.ok = false;
      first.result = 'unhealthy';
      first.detail = (err as Error).message;
    }
  }
  results.set(canary, first);
  if (!first.ok) {
    for (const e of rest) results.set(e, { host: e.label, ok: false, result: 'skipped', detail: `not attempted: the canary ${canary.label} failed` });
    return entries.map((e) => results.get(e)!);
  }
  let next = 0;
  const worker = async () => {
    while (next < rest.length) {
      const e = rest[next++];
      results.set(e, await job(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, rest.length) }, worker));
  return entries.map((e) => results.get(e)!);
}

/** The per-host table printed at the end. */
export function formatResults(results: HostOutcome[]): string {
  const rows = [['host', 'result', 'model', 'seconds', 'detail'], ...results.map((r) => [r.host, r.result, r.modelId ?? '-', r.seconds === undefined ? '-' : r.seconds.toFixed(1), r.detail])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}
