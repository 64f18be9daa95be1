// A split classified as the sorter classifies a garment: its four quarter turns in one batch,
// combined as the sorter combines them: weighed by the model's upright finder when it carries
// one (views it rules out weigh nothing, as in the sorter, which does not score them), else the
// most confident view deciding. Comparing models this way is what the sorter will see: a model
// that cannot tell which side is up (the tutorial's, say) scores about half here, however well
// it does on upright images.
import type * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { combineViews } from '../pose/combine-views.js';
import { quarterTurnViews, VIEW_TURNS } from '../pose/views.js';
import { dropUnlikelyViews, uprightWeights } from '../upright/upright-weights.js';
import { UPRIGHT_TURNS } from '../upright/upright-net.js';
import { predictSplit } from './predict.js';

const VIEWS = 4;

/** A garment model as the sorter runs it: with the upright finder its directory carries, if any. */
export interface SortingModel { model: tf.LayersModel; finder?: tf.LayersModel }

/** `onChunk` hears how many images are done after each batch (long comparisons show progress). */
export function predictViewClasses(scorer: SortingModel, split: Split, chunk = 125, onChunk?: (done: number) => void): Int32Array {
  const out = new Int32Array(split.count);
  const turns = UPRIGHT_TURNS.length;
  for (let start = 0; start < split.count; start += chunk) {
    const n = Math.min(chunk, split.count - start);
    const views = new Uint8Array(n * VIEWS * PIXELS);
    for (let i = 0; i < n; i++) views.set(quarterTurnViews(split.images.subarray((start + i) * PIXELS, (start + i + 1) * PIXELS), VIEWS), i * VIEWS * PIXELS);
    // The chunk's views as a split of their own, in one call (labels are not read).
    const asSplit = { count: n * VIEWS, images: views, labels: new Uint8Array(0) };
    const probs = predictSplit(scorer.model, asSplit, n * VIEWS);
    const finder = scorer.finder ? predictSplit(scorer.finder, asSplit, n * VIEWS, turns) : undefined;
    for (let i = 0; i < n; i++) {
      const perView = probs.subarray(i * VIEWS * CLASS_COUNT, (i + 1) * VIEWS * CLASS_COUNT);
      const c = finder
        ? combineViews(perView, VIEWS, CLASS_COUNT, 'upright', dropUnlikelyViews(uprightWeights(finder.subarray(i * VIEWS * turns, (i + 1) * VIEWS * turns), VIEW_TURNS[4])))
        : combineViews(perView, VIEWS, CLASS_COUNT, 'max');
      let best = 0;
      for (let k = 1; k < CLASS_COUNT; k++) if (c.probabilities[k] > c.probabilities[best]) best = k;
      out[start + i] = best;
    }
    onChunk?.(start + n);
  }
  return out;
}
