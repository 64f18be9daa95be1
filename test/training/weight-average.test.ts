// Weight averaging: the mean of a fine-tune's path is exact, survives a checkpoint, and a
// resumed run ends with the very average an uninterrupted one does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/model/backend.js';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { averageDirOf } from '../../src/training/train.js';
import { DEFAULT_AUGMENT } from '../../src/training/augment.js';
import { WeightAverage } from '../../src/training/weight-average.js';
import { tempDir } from '../helpers/temp-dir.js';
import { settings, straightAndResumed, tinyTrain, weightsOf } from '../helpers/tiny-training.js';

test('the average of two networks is their weight-by-weight mean, BatchNorm statistics included, and a checkpoint keeps it exactly', async () => {
  await initBackend();
  const [a, b] = [ARCHITECTURES.sorter.build(1), ARCHITECTURES.sorter.build(2)];
  // BatchNorm's moving statistics start as 0 and 1 in both; give one network its own.
  const bn = b.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
  bn.setWeights(bn.getWeights().map((w) => tf.fill(w.shape, 3)));
  const average = new WeightAverage();
  average.add(a);
  average.add(b);
  const restored = WeightAverage.fromBytes(average.toBytes());
  assert.equal(restored.count, 2);
  const [wa, wb, mean, again] = [a.getWeights(), b.getWeights(), average.mean(), restored.mean()];
  assert.equal(mean.length, wa.length);
  for (let i = 0; i < wa.length; i++) {
    const [x, y, m] = [wa[i].dataSync(), wb[i].dataSync(), mean[i].dataSync()];
    for (let j = 0; j < x.length; j++) assert.ok(Math.abs(m[j] - (x[j] + y[j]) / 2) < 1e-6, `weight ${i}[${j}]: ${m[j]} is not the mean of ${x[j]} and ${y[j]}`);
    assert.deepEqual(again[i].dataSync(), m, `weight ${i} changed through the checkpoint bytes`);
  }
  tf.dispose([...mean, ...again]);
  a.dispose();
  b.dispose();
});

test('a run with averaging ends with the mean of its path as its result, the best epoch kept beside it', async () => {
  const out = tempDir();
  // 320 images in batches of 32: 10 batches an epoch, a point every 5 from the end of epoch 1.
  const result = await tinyTrain(out, settings({ arch: 'sorter', epochs: 3, average: { from: 1, perEpoch: 2 } }));
  assert.equal(result.average?.samples, 5, 'points at 1, 1.5, 2, 2.5 and 3 epochs');
  assert.equal(result.weightsDir, averageDirOf(out));
  assert.ok(!weightsOf(averageDirOf(out)).equals(weightsOf(join(out, 'checkpoint'))), 'the average is not the last weights');
  assert.ok(!weightsOf(averageDirOf(out)).equals(weightsOf(result.bestDir)), 'the average is not the best epoch');
  assert.ok(result.average!.valAccuracy > 0.4, `the average still classifies: validation ${result.average!.valAccuracy}`);
});

test('stopping and resuming a run with averaging ends with exactly the average of an uninterrupted run', async () => {
  const s = settings({ arch: 'sorter', epochs: 3, augment: DEFAULT_AUGMENT, average: { from: 1, perEpoch: 2 } });
  // Stop in the middle of the third epoch, after the average has taken points in the second.
  const { straight, split, stopped, resumed } = await straightAndResumed(s, 25);
  assert.equal(stopped.stopped, 'interrupted');
  assert.equal(resumed.average?.samples, 5);
  assert.ok(weightsOf(averageDirOf(straight)).equals(weightsOf(averageDirOf(split))), 'the resumed run averaged other weights');
});
