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
 * `partial`: Σ weight × calibrated probabilities over the views scored so far; `perView`: those
 * views' own probabilities (rows of `classes`) with their `weights`; `unscored`: the weight of the
 * views not scored yet. True when no values for them could change the decision.
 */
export function decisionSettled(partial: Float32Array, perView: Float32Array[], weights: number[], unscored: number, edges: DecisionEdges): boolean {
  let best = 0;
  for (let c = 1; c < partial.length; c++) if (partial[c] > partial[best]) best = c;
  for (let c = 0; c < partial.length; c++) if (c !== best && partial[c] + unscored >= partial[best]) return false;
  const agreeing = perView.reduce((sum, p, k) => sum + (topClass(p) === best ? weights[k] : 0), 0);
  return sameSide(partial[best], unscored, edges.threshold) && sameSide(agreeing, unscored, edges.minAgreement);
}

/** Whether every value in [low, low + spread] falls on the same side of `edge` (below, or at and above it). */
const sameSide = (low: number, spread: number, edge: number) => low >= edge || low + spread < edge;

function topClass(p: Float32Array): number {
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  return best;
}

/**
 * Scores (with `score`, which fills `perView`) the likeliest view of `order` (the views left in,
 * likeliest first), then the rest in one batch only if the decision is not settled. Returns the
 * weights the decision rests on: the likeliest view alone, or `weights` as they were.
 */
export function scoreUntilSettled(weights: Float32Array, order: number[], perView: Float32Array, classes: number, score: (which: number[]) => void, edges: DecisionEdges): Float32Array {
  const [top, ...rest] = order;
  score([top]);
  const own = perView.slice(top * classes, (top + 1) * classes);
  const partial = own.map((p) => p * weights[top]);
  const unscored = rest.reduce((sum, v) => sum + weights[v], 0);
  if (decisionSettled(partial, [own], [weights[top]], unscored, edges)) return weights.map((_, v) => (v === top ? 1 : 0));
  score(rest);
  return weights;
}
