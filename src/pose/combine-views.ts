// One decision from the classifier's opinions of a garment's quarter turns. Which rule wins was
// measured on rendered frames at random angles (docs/pose.md), not assumed:
//   max   — the single most confident view;
//   log   — the views' log-probabilities summed (a product of experts: a class must look
//           right from every side the model was trained to know);
//   mean  — the views' probabilities averaged;
//   upright — the views' probabilities weighted by how likely each is the upright one, as the
//           model's upright finder judges (src/upright): for a model that knows garments only
//           upright. `auto` is upright when the model carries a finder, max when it does not.
export type CombineRule = 'max' | 'log' | 'mean' | 'upright';
export const COMBINE_RULES: readonly CombineRule[] = ['max', 'log', 'mean', 'upright'];
export type CombineChoice = CombineRule | 'auto';

export interface Combined {
  probabilities: Float32Array;
  /** The view that speaks most for the chosen class. */
  view: number;
  /**
   * Share of views whose own top class is the chosen one: 1 when every side agrees. Under
   * `upright`, the share of the upright weight on such views: 1 when the views the finder
   * believes agree, however the sideways views look.
   */
  agreement: number;
}

const argmax = (p: ArrayLike<number>, from = 0, n = p.length - from) => {
  let best = 0;
  for (let c = 1; c < n; c++) if (p[from + c] > p[from + best]) best = c;
  return best;
};

/** `perView`: `views` rows of `classes` calibrated probabilities; `upright`: each view's weight, for that rule. */
export function combineViews(perView: Float32Array, views: number, classes: number, rule: CombineRule, upright?: Float32Array): Combined {
  if (rule === 'upright') {
    if (!upright) throw new Error('the upright rule needs the views\' upright weights');
    return byWeights(perView, views, classes, upright);
  }
  const out = new Float32Array(classes);
  if (rule === 'max') {
    let bestView = 0;
    for (let v = 1; v < views; v++) {
      if (perView[v * classes + argmax(perView, v * classes, classes)] > perView[bestView * classes + argmax(perView, bestView * classes, classes)]) bestView = v;
    }
    out.set(perView.subarray(bestView * classes, (bestView + 1) * classes));
  } else if (rule === 'mean') {
    for (let v = 0; v < views; v++) for (let c = 0; c < classes; c++) out[c] += perView[v * classes + c] / views;
  } else {
    // Normalised geometric mean: softmax of the mean log-probability.
    for (let v = 0; v < views; v++) for (let c = 0; c < classes; c++) out[c] += Math.log(Math.max(perView[v * classes + c], 1e-30)) / views;
    const top = Math.max(...out);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += (out[c] = Math.exp(out[c] - top));
    for (let c = 0; c < classes; c++) out[c] /= sum;
  }
  const chosen = argmax(out);
  let view = 0;
  let agreeing = 0;
  for (let v = 0; v < views; v++) {
    if (perView[v * classes + chosen] > perView[view * classes + chosen]) view = v;
    if (argmax(perView, v * classes, classes) === chosen) agreeing++;
  }
  return { probabilities: out, view, agreement: agreeing / views };
}

function byWeights(perView: Float32Array, views: number, classes: number, weights: Float32Array): Combined {
  const out = new Float32Array(classes);
  for (let v = 0; v < views; v++) for (let c = 0; c < classes; c++) out[c] += weights[v] * perView[v * classes + c];
  const chosen = argmax(out);
  let view = 0;
  let agreeing = 0;
  for (let v = 0; v < views; v++) {
    if (weights[v] * perView[v * classes + chosen] > weights[view] * perView[view * classes + chosen]) view = v;
    if (argmax(perView, v * classes, classes) === chosen) agreeing += weights[v];
  }
  return { probabilities: out, view, agreement: Math.min(1, agreeing) };
}
