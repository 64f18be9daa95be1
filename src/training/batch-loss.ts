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
  /** Distillation: each row's target probabilities (label and teachers mixed); else one-hot labels. */
  targets?: Float32Array;
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
  const loss = tf.mean(tf.metrics.categoricalCrossentropy(targets(y, batch, smoothing), probs)) as tf.Scalar;
  return { loss, hits };
}

/** One-hot (or distilled) targets, smoothed by `smoothing` only on the quarter-turned rows. */
function targets(y: tf.Tensor1D, batch: Batch, smoothing: number): tf.Tensor2D {
  const hard = batch.targets ? tf.tensor2d(batch.targets, [batch.count, CLASS_COUNT]) : tf.oneHot(y, CLASS_COUNT) as tf.Tensor2D;
  if (smoothing === 0) return hard;
  const share = tf.tensor2d(Float32Array.from(batch.turned, (t) => t * smoothing), [batch.count, 1]);
  return tf.add(tf.mul(hard, tf.sub(1, share)), tf.div(share, CLASS_COUNT)) as tf.Tensor2D;
}
