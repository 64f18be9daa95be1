import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, IMAGE_SIZE, PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';

/** Softmax outputs for a whole split as one [n × outputs] array (10 classes, or a finder's 4 turns), in chunks so memory stays flat. */
export function predictSplit(model: tf.LayersModel, split: Split, chunk = 500, outputs: number = CLASS_COUNT): Float32Array {
  const out = new Float32Array(split.count * outputs);
  for (let start = 0; start < split.count; start += chunk) {
    const n = Math.min(chunk, split.count - start);
    const pixels = new Float32Array(n * PIXELS);
    const src = split.images.subarray(start * PIXELS, (start + n) * PIXELS);
    for (let i = 0; i < pixels.length; i++) pixels[i] = src[i] / 255;
    const probs = tf.tidy(() => (model.predict(tf.tensor4d(pixels, [n, IMAGE_SIZE, IMAGE_SIZE, 1])) as tf.Tensor).dataSync());
    out.set(probs, start * outputs);
  }
  return out;
}
