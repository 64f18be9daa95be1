// BatchNormalization's closed-form training gradient against tfjs's own autodiff of the same
// maths (tf.moments then tf.batchNorm), on the shapes the sorter's nets train with, and the
// layer's moving statistics and inference output against what stock tfjs computes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.js';
import { normaliseBatch } from '../../src/model/batch-norm-training.js';

await initBackend();
const EPSILON = 1e-3;

/** What tfjs-layers does in training mode, differentiated by autodiff. */
function stockNormalise(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(x, Array.from({ length: x.rank - 1 }, (_, i) => i));
  return tf.batchNorm(x, mean, variance, beta, gamma as tf.Tensor1D, EPSILON);
}

function closedForm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor): tf.Tensor {
  const { y, mean, variance } = normaliseBatch(x, gamma, beta, EPSILON);
  tf.dispose([mean, variance]);
  return y;
}

const largest = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

for (const shape of [[8, 14, 14, 32], [5, 7, 7, 64], [3, 128], [2, 3, 3, 1]]) {
  test(`gradients of x, gamma and beta match autodiff of the stock maths, shape ${shape.join('×')}`, () => {
    const channels = shape[shape.length - 1];
    const x = tf.randomNormal(shape, 0.5, 2, 'float32', 1);
    const gamma = tf.randomUniform([channels], 0.5, 1.5, 'float32', 2);
    const beta = tf.randomNormal([channels], 0, 1, 'float32', 3);
    // A loss that weighs every output differently, so no gradient is trivially zero.
    const weights = tf.randomNormal(shape, 0, 1, 'float32', 4);
    const gradsOf = (f: typeof closedForm) => tf.grads((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, g, b), weights)))([x, gamma, beta]);
    const want = gradsOf(stockNormalise);
    const got = gradsOf(closedForm);
    ['x', 'gamma', 'beta'].forEach((name, i) => {
      const w = want[i].dataSync();
      const g = got[i].dataSync();
      let worst = 0;
      for (let k = 0; k < w.length; k++) worst = Math.max(worst, Math.abs(w[k] - g[k]));
      assert.ok(largest(w) > 1e-3, `${name}: the check needs a gradient that is not zero`);
      assert.ok(worst <= 2e-5 * Math.max(1, largest(w)), `${name}: off by ${worst.toExponential(2)} (largest ${largest(w).toExponential(2)})`);
    });
    const yWant = stockNormalise(x, gamma, beta).dataSync();
    const yGot = closedForm(x, gamma, beta).dataSync();
    yWant.forEach((v, k) => assert.ok(Math.abs(v - yGot[k]) < 1e-5, `output ${k}`));
    tf.dispose([x, gamma, beta, weights, ...want, ...got]);
  });
}

test('a BatchNormalization layer trains with the batch statistics and moves its moving ones by 1 − momentum', () => {
  const layer = tf.layers.batchNormalization({ momentum: 0.9 });
  const x = tf.randomNormal([16, 4, 4, 3], 2, 3, 'float32', 5);
  layer.apply(x, { training: true });
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  const [, , movingMean, movingVariance] = layer.getWeights();
  // Moving mean starts at 0 and variance at 1: one step takes 10% of the way to the batch's.
  mean.dataSync().forEach((m, c) => assert.ok(Math.abs(movingMean.dataSync()[c] - 0.1 * m) < 1e-5, `moving mean ${c}`));
  variance.dataSync().forEach((v, c) => assert.ok(Math.abs(movingVariance.dataSync()[c] - (0.9 + 0.1 * v)) < 1e-4, `moving variance ${c}`));
  // In inference the layer uses the moving statistics, as stock tfjs does.
  const y = (layer.apply(x, { training: false }) as tf.Tensor).dataSync();
  const expected = tf.batchNorm(x, movingMean as tf.Tensor1D, movingVariance as tf.Tensor1D, undefined, undefined, EPSILON).dataSync();
  expected.forEach((v, k) => assert.ok(Math.abs(v - y[k]) < 1e-4, `inference output ${k}`));
});
