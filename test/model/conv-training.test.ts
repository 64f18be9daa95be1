// A Conv2D layer without bias trains through the plain conv op: the same outputs and filter
// gradient as tfjs-layers' fused op, without the input gradient nobody asked for (the image's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.js';

await initBackend();

function kernelsRun(f: () => void): Promise<string[]> {
  return tf.profile(f).then((p) => p.kernels.map((k) => k.name));
}

test("a bias-free conv layer's filter gradient matches the fused op's, and the image's gradient is never computed", async () => {
  const layer = tf.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false, inputShape: [12, 12, 1] });
  const image = tf.randomNormal([4, 12, 12, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  layer.apply(image);
  const weights = tf.randomNormal([4, 12, 12, 8], 0, 1, 'float32', 2);
  const kernel = layer.getWeights()[0];
  const loss = () => tf.sum(tf.mul(layer.apply(image, { training: true }) as tf.Tensor, weights)) as tf.Scalar;
  let got: Float32Array | undefined;
  const kernels = await kernelsRun(() => {
    const { grads } = tf.variableGrads(loss, layer.trainableWeights.map((w) => w.read() as tf.Variable));
    got = Object.values(grads)[0].dataSync() as Float32Array;
  });
  assert.ok(!kernels.includes('Conv2DBackpropInput'), `kernels run: ${kernels.join(', ')}`);
  assert.ok(kernels.includes('Conv2DBackpropFilter'));
  // Reference: what tfjs-layers computes, the fused op differentiated by its own customGrad.
  const want = tf.grad((k: tf.Tensor) => tf.sum(tf.mul(tf.fused.conv2d({ x: image, filter: k as tf.Tensor4D, strides: 1, pad: 'same' }), weights)))(kernel).dataSync();
  want.forEach((v, i) => assert.ok(Math.abs(v - got![i]) <= 1e-4 * Math.max(1, Math.abs(v)), `filter gradient ${i}: ${got![i]} vs ${v}`));
  const yLayer = (layer.apply(image) as tf.Tensor).dataSync();
  const yFused = tf.fused.conv2d({ x: image, filter: kernel as tf.Tensor4D, strides: 1, pad: 'same' }).dataSync();
  yLayer.forEach((v, i) => assert.equal(v, yFused[i]));
});

test('a conv layer with a bias keeps the fused op (its gradient carries the bias)', async () => {
  const layer = tf.layers.conv2d({ filters: 4, kernelSize: 3, useBias: true, inputShape: [8, 8, 1] });
  const image = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 3);
  layer.apply(image);
  const kernels = await kernelsRun(() => {
    const { grads } = tf.variableGrads(() => tf.sum(layer.apply(image, { training: true }) as tf.Tensor) as tf.Scalar, layer.trainableWeights.map((w) => w.read() as tf.Variable));
    tf.dispose(Object.values(grads));
  });
  assert.ok(kernels.includes('FusedConv2D'), `kernels run: ${kernels.join(', ')}`);
});
