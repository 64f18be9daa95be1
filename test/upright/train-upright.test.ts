// The upright finder trained for real on a slice of Fashion-MNIST: it learns the turns, a seed
// repeats it exactly, and a stopped run resumes to the same finder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.js';
import { trainUpright, DEFAULT_UPRIGHT_SETTINGS, type UprightSettings } from '../../src/upright/train-upright.js';
import { tinyData } from '../helpers/tiny-training.js';
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
