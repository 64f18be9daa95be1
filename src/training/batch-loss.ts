// The training loss on one batch, shared by the in-process step and the data-parallel workers
// so both compute exactly the same thing.
import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, IMAGE_SIZE } from '../dataset/classes.js';

/** One batch as augmentation made it: pixels, labels, and which rows were quarter-turned. */
export interface Batch {
  pixels: Float32Array;
  labels: Int32Array;
  turned: Uint8Array;
  count: number;
}

export function toInputTensor(images: Float32Array, count: number): tf.Tensor4D {
  return tf.tensor4d(images, [count, IMAGE_SIZE, IMAGE_SIZE, 1]);
}

/**
 * Mean cross-entropy of the batch through the model in training mode (BatchNorm uses the
 * batch's statistics and updates its moving ones), and a kept count of right answers.
 */
export function batchLoss(model: tf.LayersModel, batch: Batch, smoothing: number): { loss: tf.Scalar; hits: tf.Scalar } {
  const xs = toInputTensor(batch.pixels, batch.count);
  const y = tf.tensor1d(batch.labels, 'int32');
  const probs = model.apply(xs, { training: true }) as tf.Tensor2D;
  const hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), y), 'float32'))) as tf.Scalar;
  const loss = tf.mean(tf.metrics.categoricalCrossentropy(targets(y, batch.turned, smoothing), probs)) as tf.Scalar;
  return { loss, hits };
}

/** One-hot targets, smoothed by `smoothing` only on the quarter-turned rows. */
function targets(y: tf.Tensor1D, turned: Uint8Array, smoothing: number): tf.Tensor2D {
  const oneHot = tf.oneHot(y, CLASS_COUNT) as tf.Tensor2D;
  if (smoothing === 0) return oneHot;
  const share = tf.tensor2d(Float32Array.from(turned, (t) => t * smoothing), [turned.length, 1]);
  return tf.add(tf.mul(oneHot, tf.sub(1, share)), tf.div(share, CLASS_COUNT)) as tf.Tensor2D;
}
