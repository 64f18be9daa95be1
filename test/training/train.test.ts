import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_AUGMENT } from '../../src/training/augment.js';
import { checkpointDir } from '../../src/training/checkpoint.js';
import { tempDir } from '../helpers/temp-dir.js';
import { settings, straightAndResumed, tinyTrain, weightsOf } from '../helpers/tiny-training.js';

test('a tiny conv-net run learns: loss falls and validation beats chance', async () => {
  const out = tempDir();
  const result = await tinyTrain(out, settings({ arch: 'cnn', epochs: 4 }));
  const [first, last] = [result.history[0], result.history.at(-1)!];
  assert.equal(result.history.length, 4);
  assert.ok(last.loss < first.loss * 0.8, `training loss ${first.loss} → ${last.loss}`);
  assert.ok(last.valAccuracy > 0.4, `validation accuracy ${last.valAccuracy} is near chance (0.1)`);
  assert.equal(result.stopped, 'completed');
  assert.ok(existsSync(join(result.bestDir, 'weights.bin')));
  assert.equal(result.weightsDir, result.bestDir, 'without averaging, the result is the best epoch');
  assert.equal(result.average, undefined);
});

test('the same seed gives the same model; another seed does not', async () => {
  const s = settings({ arch: 'sorter', epochs: 1, augment: DEFAULT_AUGMENT });
  const [a, b, c] = [tempDir(), tempDir(), tempDir()];
  await tinyTrain(a, s);
  await tinyTrain(b, s);
  await tinyTrain(c, { ...s, seed: 8 });
  assert.ok(weightsOf(join(a, 'best')).equals(weightsOf(join(b, 'best'))), 'same seed, different weights');
  assert.ok(!weightsOf(join(a, 'best')).equals(weightsOf(join(c, 'best'))), 'different seeds, same weights');
});

test('stopping and resuming gives exactly the model an uninterrupted run gives', async () => {
  const s = settings({ arch: 'sorter', epochs: 3, augment: DEFAULT_AUGMENT, schedule: { name: 'cosine', base: 0.003, warmup: 1 } });
  // Stop in the middle of the second epoch: the first epoch's checkpoint must survive.
  const { straight, split, stopped, resumed } = await straightAndResumed(s, 15);
  assert.equal(stopped.stopped, 'interrupted');
  assert.equal(stopped.history.length, 1);
  assert.equal(resumed.history.length, 3);
  assert.ok(weightsOf(checkpointDir(straight)).equals(weightsOf(checkpointDir(split))), 'resumed weights differ from the uninterrupted run');
});

test('early stopping ends a run that stops improving', async () => {
  const out = tempDir();
  // A learning rate this high stalls at once, so patience 1 ends the run early.
  const result = await tinyTrain(out, settings({ epochs: 8, patience: 1, schedule: { name: 'constant', base: 5, warmup: 0 } }));
  assert.equal(result.stopped, 'early-stopped');
  assert.ok(result.history.length < 8);
});
