// The manifest's input spec in code: 28×28 bytes (garment bright on black) → float32
// [1, 28, 28, 1] of pixel/255 → the model's raw softmax output. The sorter, the golden inputs
// recorded at packaging and their check on another machine all go through here, so the
// three can never disagree about what the model is fed.
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE, PIXELS } from '../dataset/classes.js';

/** Something that maps a [1, 28, 28, 1] input to [1, 10] probabilities: the model, or its fused pass. */
export type Forward = (input: tf.Tensor4D) => tf.Tensor;

export function predictOne(model: tf.LayersModel, pixels: Uint8Array, forward: Forward = (x) => model.predict(x) as tf.Tensor): Float32Array {
  if (pixels.length !== PIXELS) throw new Error(`expected ${PIXELS} pixels, got ${pixels.length}`);
  return predictBatch(model, pixels, 1, forward);
}

/** `count` images of 784 bytes each, one after another, in one call: [count × 10] probabilities, row after row. */
export function predictBatch(model: tf.LayersModel, pixels: Uint8Array, count: number, forward: Forward = (x) => model.predict(x) as tf.Tensor): Float32Array {
  if (pixels.length !== count * PIXELS) throw new Error(`expected ${count} × ${PIXELS} pixels, got ${pixels.length}`);
  const input = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) input[i] = pixels[i] / 255;
  return tf.tidy(() => forward(tf.tensor4d(input, [count, IMAGE_SIZE, IMAGE_SIZE, 1])).dataSync() as Float32Array);
}
