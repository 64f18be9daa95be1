// Which of a garment's views is the upright one, from the finder's opinion of every view.
// The views are the same garment turned by known amounts, so "view u is upright" predicts
// what the finder should say of every other view: view v is then turned by (v's turn − u's
// turn) from upright. Each hypothesis is scored by the log-probability the finder gave those
// turns across all views (four looks at one question, not one), and the scores are normalised.
import type { ViewTurn } from '../pose/views.js';
import { UPRIGHT_TURNS } from './upright-net.js';

/** `finder`: views × 4 finder probabilities, row after row; `turns`: each view's turn. Sums to 1. */
export function uprightWeights(finder: Float32Array, turns: readonly ViewTurn[]): Float32Array {
  const n = turns.length;
  const k = UPRIGHT_TURNS.length;
  if (finder.length !== n * k) throw new Error(`expected ${n} × ${k} finder outputs, got ${finder.length}`);
  const scores = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    for (let v = 0; v < n; v++) {
      const turn = (((turns[v] - turns[u]) % 360) + 360) % 360;
      scores[u] += Math.log(Math.max(finder[v * k + UPRIGHT_TURNS.indexOf(turn as ViewTurn)], 1e-12));
    }
  }
  const top = Math.max(...scores);
  const weights = new Float32Array(n);
  let sum = 0;
  for (let u = 0; u < n; u++) sum += (weights[u] = Math.exp(scores[u] - top));
  for (let u = 0; u < n; u++) weights[u] /= sum;
  return weights;
}

/**
 * Views the finder gives less than this weight are left out: the garment model does not score
 * them, and the others' weights are scaled back to 1. Each could move the combined
 * probabilities by at most this much, and the finder is that sure for nearly every garment, so
 * the sorter scores one view where it scored four (docs/pose.md: the loop's cost, the accuracy
 * unchanged).
 */
export const UNLIKELY_VIEW = 0.01;

/** `weights` with views under UNLIKELY_VIEW set to 0 (the likeliest always stays), summing to 1 again. */
export function dropUnlikelyViews(weights: Float32Array): Float32Array {
  let top = 0;
  for (let v = 1; v < weights.length; v++) if (weights[v] > weights[top]) top = v;
  const kept = weights.map((w, v) => (v === top || w >= UNLIKELY_VIEW ? w : 0));
  const sum = kept.reduce((s, w) => s + w, 0);
  return kept.map((w) => w / sum);
}
