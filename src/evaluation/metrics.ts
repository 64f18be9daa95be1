// Classification metrics from a probability matrix [n × classes] and the true labels.

export interface ClassMetrics { name: string; precision: number; recall: number; f1: number; support: number }
/** accuracy is null when the threshold keeps no garment: there is nothing to score. */
export interface CoverageRow { threshold: number; coverage: number; accuracy: number | null; rejected: number }

export function argmaxRows(probs: Float32Array, classes: number): Uint8Array {
  const n = probs.length / classes;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** confusion[true][predicted] */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < labels.length; i++) m[labels[i]][predicted[i]]++;
  return m;
}

export function accuracyOf(labels: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === predicted[i]) hits++;
  return labels.length === 0 ? 0 : hits / labels.length;
}

export function perClassMetrics(confusion: number[][], names: readonly string[]): ClassMetrics[] {
  return names.map((name, c) => {
    const tp = confusion[c][c];
    const support = confusion[c].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[c], 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { name, precision, recall, f1, support };
  });
}

export const COVERAGE_THRESHOLDS = [0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99];

/**
 * What a reject bin would do: at each confidence threshold, the share of garments sorted
 * (coverage) and how accurate those are; the rest go to the reject bin.
 */
export function coverageTable(probs: Float32Array, labels: ArrayLike<number>, classes: number, thresholds = COVERAGE_THRESHOLDS): CoverageRow[] {
  const predicted = argmaxRows(probs, classes);
  return thresholds.map((threshold) => {
    let kept = 0;
    let hits = 0;
    for (let i = 0; i < labels.length; i++) {
      if (probs[i * classes + predicted[i]] < threshold) continue;
      kept++;
      if (predicted[i] === labels[i]) hits++;
    }
    return { threshold, coverage: kept / labels.length, accuracy: kept === 0 ? null : hits / kept, rejected: labels.length - kept };
  });
}
