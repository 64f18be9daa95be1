// A split classified as the sorter classifies a garment: its four quarter turns in one batch,
// the most confident view deciding. Comparing models this way is what the sorter will see: a
// model that cannot tell which side is up (the tutorial's, say) scores about half here, however
// well it does on upright images.
import type * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { combineViews } from '../pose/combine-views.js';
import { quarterTurnViews } from '../pose/views.js';
import { predictSplit } from './predict.js';

const VIEWS = 4;

/** `onChunk` hears how many images are done after each batch (long comparisons show progress). */
export function predictViewClasses(model: tf.LayersModel, split: Split, chunk = 125, onChunk?: (done: number) => void): Int32Array {
  const out = new Int32Array(split.count);
  for (let start = 0; start < split.count; start += chunk) {
    const n = Math.min(chunk, split.count - start);
    const views = new Uint8Array(n * VIEWS * PIXELS);
    for (let i = 0; i < n; i++) views.set(quarterTurnViews(split.images.subarray((start + i) * PIXELS, (start + i + 1) * PIXELS), VIEWS), i * VIEWS * PIXELS);
    // The chunk's views as a split of their own, in one call (labels are not read).
    const probs = predictSplit(model, { count: n * VIEWS, images: views, labels: new Uint8Array(0) }, n * VIEWS);
    for (let i = 0; i < n; i++) {
      const c = combineViews(probs.subarray(i * VIEWS * CLASS_COUNT, (i + 1) * VIEWS * CLASS_COUNT), VIEWS, CLASS_COUNT, 'max');
      let best = 0;
      for (let k = 1; k < CLASS_COUNT; k++) if (c.probabilities[k] > c.probabilities[best]) best = k;
      out[start + i] = best;
    }
    onChunk?.(start + n);
  }
  return out;
}
