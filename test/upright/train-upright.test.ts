// The upright finder trained for real on a slice of Fashion-MNIST: it learns the turns, a seed
// repeats it exactly, and a stopped run resumes to the same finder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.js';
import { trainUpright, DEFAULT_UPRIGHT_SETTINGS, type UprightSettings } from '../../src/upright/train-upright.js';
import { realSplit, tinyData } from '../helpers/tiny-training.js';
import { tempDir } from '../helpers/temp-dir.js';

const data = tinyData(6000, 2000);
const settings: UprightSettings = { ...DEFAULT_UPRIGHT_SETTINGS, epochs: 2, seed: 3 };
const weightsOf = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));

test('a finder trained on a few thousand garments names most turns, and the same seed gives the same finder', async () => {
  await initBackend('wasm');
  const a = await trainUpright({ data, settings, outDir: tempDir() });
  // Chance is 25%; symmetric bags and the few degrees of rotation augmentation keep it below 100%.
  assert.ok(a.testAccuracy > 0.7, `names the turn of ${(a.testAccuracy * 100).toFixed(1)}% of the turned test images`);
  assert.ok(a.perClassAccuracy.Trouser > 0.8, `trousers: ${a.perClassAccuracy.Trouser}`);
  assert.equal(a.history.length, 2);
  const b = await trainUpright({ data, settings, outDir: tempDir() });
  assert.deepEqual(weightsOf(b.model), weightsOf(a.model));
  assert.equal(b.testAccuracy, a.testAccuracy);
  a.model.dispose(); b.model.dispose();
});

test('a run stopped after its first epoch resumes to the finder an unbroken run makes', async () => {
  await initBackend('wasm');
  const straight = await trainUpright({ data, settings, outDir: tempDir() });
  const outDir = tempDir();
  let batches = 0;
  const perEpoch = Math.ceil((6000 - 600) / settings.batchSize); // the last tenth is validation
  const stopped = await trainUpright({ data, settings, outDir, onBatch: () => { batches++; }, shouldStop: () => batches >= perEpoch });
  assert.equal(stopped.stopped, 'interrupted');
  assert.equal(stopped.history.length, 1);
  stopped.model.dispose();
  const resumed = await trainUpright({ data, settings: { ...settings, seed: 99 }, outDir, resume: true });
  assert.equal(resumed.settings.seed, 3, 'a resumed run keeps its own settings');
  assert.deepEqual(weightsOf(resumed.model), weightsOf(straight.model));
  straight.model.dispose(); resumed.model.dispose();
});

test('photos mixed in with --extra are trained on every epoch, recorded, and needed again to resume', async () => {
  await initBackend('wasm');
  // 600 more garments at a quarter of each epoch: repeated 3× beside the 5,400 that train.
  const extra = realSplit('train', 600, 6000);
  const mixed = { ...settings, epochs: 1, extra: { dataset: 'renders', share: 0.25, photos: 600 } };
  let batches = 0;
  const outDir = tempDir();
  const run = await trainUpright({ data, settings: mixed, extra, outDir, onBatch: (p) => { batches = p.batches; } });
  assert.equal(batches, Math.ceil((5400 + 3 * 600) / settings.batchSize));
  const plain = await trainUpright({ data, settings: { ...settings, epochs: 1 }, outDir: tempDir() });
  assert.notDeepEqual(weightsOf(run.model), weightsOf(plain.model), 'the extra photos changed what the finder learned');
  run.model.dispose(); plain.model.dispose();
  await assert.rejects(trainUpright({ data, settings: { ...mixed, epochs: 2 }, outDir, resume: true }), /mixes in renders, but its photos were not loaded/);
});
