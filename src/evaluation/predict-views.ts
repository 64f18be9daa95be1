// A split classified as the sorter classifies a garment: its four quarter turns in one batch,
// the most confident view deciding. Comparing models this way is what the sorter will see: a
// model that cannot tell which side is up (the tutorial's, say) scores about half here, however
// well it does on upright images.
import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, IMAGE_SIZE, PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { combineViews } from '../pose/combine-views.js';
import { quarterTurnViews } from '../pose/views.js';

const VIEWS = 4;

export function predictViewClasses(model: tf.LayersModel, split: Split, chunk = 125): Int32Array {
  const out = new Int32Array(split.count);
  for (let start = 0; start < split.count; start += chunk) {
    const n = Math.min(chunk, split.count - start);
    const pixels = new Float32Array(n * VIEWS * PIXELS);
    for (let i = 0; i < n; i++) {
      const views = quarterTurnViews(split.images.subarray((start + i) * PIXELS, (start + i + 1) * PIXELS), VIEWS);
      for (let p = 0; p < views.length; p++) pixels[i * VIEWS * PIXELS + p] = views[p] / 255;
    }
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(pixels, [n * VIEWS, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).dataSync() as Float32Array);
    for (let i = 0; i < n; i++) {
      const c = combineViews(probs.subarray(i * VIEWS * CLASS_COUNT, (i + 1) * VIEWS * CLASS_COUNT), VIEWS, CLASS_COUNT, 'max');
      let best = 0;
      for (let k = 1; k < CLASS_COUNT; k++) if (c.probabilities[k] > c.probabilities[best]) best = k;
      out[start + i] = best;
    }
  }
  return out;
}
