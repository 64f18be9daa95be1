// The upright finder: a small CNN that tells which quarter turn a garment's 28×28 is away from
// upright (0, 90, 180 or 270° counter-clockwise). Pose estimation straightens a garment along
// its long axis but cannot tell which end is up; the finder can, so the garment model itself
// only ever has to know garments the right way up, and keeps the accuracy it has upright.
// About 90k parameters and 0.5 M multiply-adds: a fifteenth of the garment model's work.
import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../dataset/classes.js';
import type { ViewTurn } from '../pose/views.js';

/** The finder's outputs, in order: how far the image is turned from upright. */
export const UPRIGHT_TURNS: readonly ViewTurn[] = [0, 90, 180, 270];
const WIDTHS = [16, 32, 64];

/** conv → pool → BatchNorm → ReLU ×3, then Dense 64 → Dense 4, every initializer seeded. */
export function buildUprightNet(seed: number): tf.LayersModel {
  let n = 0;
  const he = () => tf.initializers.heNormal({ seed: seed + n++ });
  const m = tf.sequential({ name: 'upright' });
  WIDTHS.forEach((filters, i) => {
    m.add(tf.layers.conv2d({
      ...(i === 0 ? { inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1] } : {}),
      filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: he(),
    }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
    m.add(tf.layers.batchNormalization());
    m.add(tf.layers.reLU());
  });
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 64, useBias: false, kernelInitializer: he() }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.reLU());
  m.add(tf.layers.dense({ units: UPRIGHT_TURNS.length, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + n++ }) }));
  return m;
}
