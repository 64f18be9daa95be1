// The fused forward pass gives the shipped model's own outputs, is refused for patterns it
// cannot fold exactly, and the sorter's classifier uses it only when it agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FUSED_TOLERANCE, loadClassifier } from '../../src/classifier/classifier.js';
import { PIXELS } from '../../src/dataset/classes.js';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { initBackend } from '../../src/model/backend.js';
import { buildFusedForward } from '../../src/model/fused-forward.js';
import { loadModel } from '../../src/model/model-files.js';
import { predictOne } from '../../src/model/predict-one.js';
import { REPO } from '../helpers/sorter-process.js';
import { realSplit } from '../helpers/tiny-training.js';

const shipped = join(REPO, 'models', 'current');

test('the shipped model: the fused pass agrees with model.predict on 200 real test garments', async () => {
  await initBackend();
  const model = await loadModel(shipped);
  const fused = buildFusedForward(model);
  assert.ok(fused, 'the sorter net (conv → pool → BN → ReLU blocks) folds');
  const garments = realSplit('test', 200);
  let worst = 0;
  let sameClass = 0;
  for (let i = 0; i < garments.count; i++) {
    const pixels = garments.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    const a = predictOne(model, pixels);
    const b = predictOne(model, pixels, fused.run);
    worst = Math.max(worst, ...a.map((v, k) => Math.abs(v - b[k])));
    if (a.indexOf(Math.max(...a)) === b.indexOf(Math.max(...b))) sameClass++;
  }
  assert.ok(worst < FUSED_TOLERANCE, `largest difference ${worst}`);
  assert.equal(sameClass, 200);
  fused.dispose();
  model.dispose();
});

test('a net with a negative batch-norm scale, or with layers it does not know, gets no fused pass', async () => {
  await initBackend();
  const sorter = ARCHITECTURES.sorter.build(3);
  const bn = sorter.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
  const [gamma, ...rest] = bn.getWeights();
  bn.setWeights([tf.neg(gamma), ...rest]); // max-pool does not commute with a negative scale
  assert.equal(buildFusedForward(sorter), undefined);
  sorter.dispose();
  const mlp = ARCHITECTURES.mlp.build(3);
  assert.equal(buildFusedForward(mlp), undefined, 'Dense with a ReLU activation and no BN is not a pattern it folds');
  mlp.dispose();
});

test('the sorter uses the fused pass for its own net and the layers for others, with the same classifications', async () => {
  const c = await loadClassifier(shipped);
  assert.equal(c.forward, 'fused');
  const tutorial = await loadClassifier(join(REPO, 'models', 'tutorial-cnn'));
  assert.equal(tutorial.forward, 'layers');
  const model = await loadModel(shipped);
  const garments = realSplit('test', 50, 500);
  for (let i = 0; i < garments.count; i++) {
    const pixels = garments.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    const raw = predictOne(model, pixels);
    assert.equal(c.classify(pixels).classIndex, raw.indexOf(Math.max(...raw)), `garment ${i}`);
  }
  c.dispose();
  tutorial.dispose();
  model.dispose();
});
