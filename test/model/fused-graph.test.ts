// The fused pass of the residual nets gives the model's own outputs, whatever its batch
// norms hold, refuses layers it does not know, and the sorter uses it for a trained one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { FUSED_TOLERANCE, loadClassifier } from '../../src/classifier/classifier.js';
import { PIXELS } from '../../src/dataset/classes.js';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { initBackend } from '../../src/model/backend.js';
import { buildFusedGraph } from '../../src/model/fused-graph.js';
import { loadModel } from '../../src/model/model-files.js';
import { predictBatch } from '../../src/model/predict-one.js';
import { makeTinyModel } from '../helpers/tiny-model.js';
import { realSplit } from '../helpers/tiny-training.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Batch norms as training leaves them, not as built (γ 1, β 0, mean 0, variance 1): negative scales too. */
function scrambleBatchNorms(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const n = layer.getWeights()[0].shape[0];
    const u = (lo: number, hi: number) => tf.randomUniform([n], lo, hi, 'float32', seed++);
    layer.setWeights([u(-1.5, 1.5), u(-0.5, 0.5), u(-0.3, 0.3), u(0.2, 2)]);
  }
}

test('a ResNet-14, a ResNet-20 and the wide ResNet-14: the fused pass agrees with model.predict on 64 real garments', async () => {
  await initBackend();
  const garments = realSplit('test', 64);
  for (const arch of ['resnet14', 'resnet20', 'wide-resnet14'] as const) {
    const model = ARCHITECTURES[arch].build(5);
    scrambleBatchNorms(model, 11);
    const fused = buildFusedGraph(model);
    assert.ok(fused, `${arch} folds`);
    const a = predictBatch(model, garments.images, garments.count);
    const b = predictBatch(model, garments.images, garments.count, fused.run);
    const worst = a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    assert.ok(worst < FUSED_TOLERANCE, `${arch}: largest difference ${worst}`);
    fused.dispose();
    model.dispose();
  }
});

test('a net with a layer the fused pass does not know gets none', async () => {
  await initBackend();
  const input = tf.input({ shape: [28, 28, 1] });
  const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.averagePooling2d({ poolSize: 2 }).apply(conv) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 10, activation: 'softmax' }).apply(tf.layers.flatten().apply(pooled) as tf.SymbolicTensor) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  assert.equal(buildFusedGraph(model), undefined);
  model.dispose();
});

test('the sorter runs a trained ResNet-14 through the fused pass, with the same classifications', async () => {
  const dir = await makeTinyModel(tempDir(), 'resnet14');
  const classifier = await loadClassifier(dir);
  assert.equal(classifier.forward, 'fused');
  const garments = realSplit('test', 30, 200);
  const model = await loadModel(dir);
  for (let i = 0; i < garments.count; i++) {
    const pixels = garments.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    const raw = predictBatch(model, pixels, 1);
    assert.equal(classifier.classify(pixels).classIndex, raw.indexOf(Math.max(...raw)), `garment ${i}`);
  }
  classifier.dispose();
  model.dispose();
});
