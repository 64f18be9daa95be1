import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { initBackend } from '../../src/model/backend.js';
import { loadModel, safeWeightPath, saveModel } from '../../src/model/model-files.js';
import { tempDir } from '../helpers/temp-dir.js';
import { seededValues } from '../helpers/backends.js';

test('every architecture takes a 28×28×1 image and gives 10 probabilities that sum to 1', async () => {
  await initBackend();
  for (const [name, arch] of Object.entries(ARCHITECTURES)) {
    const model = arch.build(1);
    const out = tf.tidy(() => model.predict(tf.tensor4d(seededValues(2 * 784, 1).map(Math.abs), [2, 28, 28, 1])) as tf.Tensor);
    assert.deepEqual(out.shape, [2, 10], name);
    const sums = tf.tidy(() => tf.sum(out, 1).dataSync());
    for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-5, `${name}: probabilities sum to ${s}`);
    out.dispose();
    model.dispose();
  }
});

test('a saved model loads back and predicts exactly the same', async () => {
  await initBackend();
  const dir = join(tempDir(), 'm');
  const model = ARCHITECTURES.sorter.build(3);
  const x = tf.tensor4d(seededValues(4 * 784, 2).map(Math.abs), [4, 28, 28, 1]);
  const before = (model.predict(x) as tf.Tensor).dataSync();
  await saveModel(model, dir);
  const loaded = await loadModel(dir);
  const after = (loaded.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual(Array.from(after), Array.from(before));
});

test('weight paths that would leave the model directory are refused', () => {
  for (const bad of ['../secret.bin', '/etc/passwd', 'a/../../b.bin', '..']) {
    assert.throws(() => safeWeightPath('/models/m1', bad), /leaves the model directory/, bad);
  }
  assert.equal(safeWeightPath('/models/m1', 'weights.bin'), '/models/m1/weights.bin');
  assert.equal(safeWeightPath('/models/m1', 'shards/part1.bin'), '/models/m1/shards/part1.bin');
});
