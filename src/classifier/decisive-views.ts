// The sorter scores the views the upright finder left in one at a time, likeliest first, and
// stops as soon as the views not yet scored can no longer change what happens to the garment:
// its class, whether its confidence clears the reject threshold, and whether its views agree
// enough. Nearly every garment is settled by its first view; only the ones the finder is unsure
// of pay for a second. The bounds are exact, so the decision is the one scoring every view gives.
//
// Why they hold: under the upright rule the combined probabilities are Σ weight × the view's own,
// with the weights summing to 1. The views not scored hold weight `unscored`, so they can add at
// most that much to any class and take nothing away: each combined probability lies between what
// the scored views give and that plus `unscored`. The same goes for the agreement (the weight on
// views whose own top class is the chosen one). And the probabilities reported, the scored views'
// renormalised, lie within those bounds too, so the reject rules see the same side of each edge.

/** The edges a garment's decision turns on: config `sorting.threshold` and `pose.minAgreement`. */
export interface DecisionEdges { threshold: number; minAgreement: number }

/**
 * `own`: the likeliest view's calibrated probabilities, `weight` its upright weight; `unscored`:
 * the weight of the views not scored yet. True when no values for them could change the decision.
 * With one view scored, the chosen class is its own top class, so the agreement so far is `weight`.
 */
export function decisionSettled(own: Float32Array, weight: number, unscored: number, edges: DecisionEdges): boolean {
  let best = 0;
  for (let c = 1; c < own.length; c++) if (own[c] > own[best]) best = c;
  for (let c = 0; c < own.length; c++) if (c !== best && weight * own[c] + unscored >= weight * own[best]) return false;
  return sameSide(weight * own[best], unscored, edges.threshold) && sameSide(weight, unscored, edges.minAgreement);
}

/** Whether every value in [low, low + spread] falls on the same side of `edge` (below, or at and above it). */
const sameSide = (low: number, spread: number, edge: number) => low >= edge || low + spread < edge;

/**
 * Scores (with `score`, which fills `perView`) the likeliest view of `order` (the views left in,
 * likeliest first), then the rest in one batch only if the decision is not settled. Returns the
 * weights the decision rests on: the likeliest view alone, or `weights` as they were.
 */
export function scoreUntilSettled(weights: Float32Array, order: number[], perView: Float32Array, classes: number, score: (which: number[]) => void, edges: DecisionEdges): Float32Array {
  const [top, ...rest] = order;
  score([top]);
  const own = perView.subarray(top * classes, (top + 1) * classes);
  const unscored = rest.reduce((sum, v) => sum + weights[v], 0);
  if (decisionSettled(own, weights[top], unscored, edges)) return weights.map((_, v) => (v === top ? 1 : 0));
  score(rest);
  return weights;
}
