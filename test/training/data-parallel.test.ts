// Data-parallel training in worker threads, on real Fashion-MNIST images and real tfjs nets:
// the workers' averaged gradients are the whole batch's, a seed and a worker count give the
// same model bit for bit, and a worker that dies stops the run cleanly for --resume.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { initBackend } from '../../src/model/backend.js';
import { batchLoss, type Batch } from '../../src/training/batch-loss.js';
import { DataParallel, shareSizes } from '../../src/training/parallel/data-parallel.js';
import { modelVariables } from '../../src/training/parallel/flat-weights.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeTinyDataset } from '../helpers/tiny-data.js';
import { realSplit, settings, tinyTrain, weightsOf } from '../helpers/tiny-training.js';

const backend = await initBackend();
const twoCores = availableParallelism() >= 2 ? false : `needs 2 cores, this machine has ${availableParallelism()}`;

function realBatch(count: number): Batch {
  const split = realSplit('train', count);
  return { pixels: Float32Array.from(split.images, (p) => p / 255), labels: Int32Array.from(split.labels), turned: new Uint8Array(count), count };
}

/** The gradients of the whole batch in this thread, by variable position. */
function wholeBatchGradients(model: tf.LayersModel, batch: Batch): { loss: number; grads: Float32Array[] } {
  const { trainable } = modelVariables(model);
  const { value, grads } = tf.variableGrads(() => {
    const r = batchLoss(model, batch, 0);
    r.hits.dispose();
    return r.loss;
  }, trainable);
  const out = { loss: value.dataSync()[0], grads: trainable.map((v) => grads[v.name].dataSync() as Float32Array) };
  tf.dispose([value, grads]);
  return out;
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test('shares are contiguous and as even as possible', () => {
  assert.deepEqual(shareSizes(64, 2), [32, 32]);
  assert.deepEqual(shareSizes(65, 2), [33, 32]);
  assert.deepEqual(shareSizes(1, 2), [1, 0]);
});

test('two workers give the gradients of the whole batch (the tutorial CNN, which has no BatchNorm)', async () => {
  const model = ARCHITECTURES.cnn.build(3);
  const batch = realBatch(65);
  const alone = wholeBatchGradients(model, batch);
  const pool = await DataParallel.start(model, 2, backend.name);
  try {
    const shared = await pool.step(batch, 0);
    assert.ok(Math.abs(shared.loss - alone.loss) < 1e-5, `loss ${shared.loss} vs ${alone.loss}`);
    modelVariables(model).trainable.forEach((v, i) => {
      const g = shared.grads[v.name].dataSync() as Float32Array;
      const scale = alone.grads[i].reduce((m, x) => Math.max(m, Math.abs(x)), 0);
      assert.ok(largestDifference(g, alone.grads[i]) <= 1e-5 * Math.max(1, scale), `${v.name}: off by ${largestDifference(g, alone.grads[i])} (largest gradient ${scale})`);
    });
    tf.dispose(Object.values(shared.grads));
  } finally {
    await pool.close();
    model.dispose();
  }
});

test('with BatchNorm, the first layer\'s moving mean is the whole batch\'s; the rest differ only by what normalising each share alone changes', async () => {
  const batch = realBatch(64);
  const alone = ARCHITECTURES.sorter.build(5);
  const shared = ARCHITECTURES.sorter.build(5);
  wholeBatchGradients(alone, batch);
  const pool = await DataParallel.start(shared, 2, backend.name);
  try {
    tf.dispose(Object.values((await pool.step(batch, 0)).grads));
  } finally {
    await pool.close();
  }
  const a = modelVariables(alone).state;
  const b = modelVariables(shared).state;
  a.forEach((v, i) => {
    const whole = v.dataSync() as Float32Array;
    const diff = largestDifference(whole, b[i].dataSync() as Float32Array);
    const scale = whole.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
    // One step moves a statistic 1% of the way (momentum 0.99) to the batch's. The first
    // layer sees the same inputs either way, so its mean is the whole batch's to float
    // precision; its variance leaves out the spread between the two shares' means, and later
    // layers see activations normalised per share (measured: at most 4e-4 of values near 1).
    const bound = i === 0 ? 1e-6 : 1e-3;
    assert.ok(diff <= bound * Math.max(1, scale), `${v.name}: off by ${diff.toExponential(2)}, bound ${bound}`);
  });
  alone.dispose();
  shared.dispose();
});

test('the same seed and worker count give the same model, bit for bit', { skip: twoCores }, async () => {
  const s = settings({ arch: 'sorter', epochs: 1, workers: 2 });
  const first = tempDir();
  const second = tempDir();
  await tinyTrain(first, s);
  await tinyTrain(second, s);
  assert.ok(weightsOf(join(first, 'best')).equals(weightsOf(join(second, 'best'))));
  const alone = tempDir();
  await tinyTrain(alone, { ...s, workers: 1 });
  assert.ok(!weightsOf(join(first, 'best')).equals(weightsOf(join(alone, 'best'))), 'one worker normalises whole batches, so its model differs');
});

test('a worker that dies mid-epoch: one clear line, the last checkpoint kept, exit non-zero; --resume finishes the run', { skip: twoCores }, async () => {
  const data = tempDir('tiny-data-');
  writeTinyDataset(data, 640, 200);
  const out = join(tempDir('run-'), 'run');
  const args = ['train', '--arch', 'cnn', '--epochs', '3', '--limit', '640', '--workers', '2', '--data', data, '--out', out];
  // 640 images at 32 a batch: 20 steps an epoch, so step 30 is in the middle of epoch 2.
  const died = await runCli(args, { env: { LAUNDRY_SORTER_TEST_WORKER_DIES_AT: '30' } });
  assert.notEqual(died.code, 0);
  const lines = died.stderr.trim().split('\n').filter((l) => l.startsWith('laundry-sorter:'));
  assert.deepEqual(lines.map((l) => l.replace(/\d+(\.\d+)?/g, 'N')), ['laundry-sorter: training worker N of N stopped (exit code N)']);
  assert.match(died.stderr, /the last checkpoint \(epoch 1 of 3\) is kept: laundry-sorter train --resume --out /);
  const state = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8'));
  assert.equal(state.epochsDone, 1);
  assert.deepEqual(readdirSync(out).filter((f) => /\.(next|old)$/.test(f)), [], 'nothing half-written');
  assert.equal(existsSync(join(out, 'model')), false);
  const resumed = await runCli(['train', '--resume', '--data', data, '--out', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8')).epochsDone, 3);
  assert.ok(existsSync(join(out, 'model', 'manifest.json')));
});

test('--workers 0 and more workers than cores are refused in one line, before any training', async () => {
  for (const [value, wanted] of [['0', /--workers 0: expected a whole number of training workers, at least 1/], [String(availableParallelism() + 1), /this machine has \d+ cores/]] as const) {
    const r = await runCli(['train', '--workers', value, '--out', join(tempDir(), 'x')]);
    assert.equal(r.code, 64, r.stderr);
    assert.match(r.stderr, wanted);
    assert.doesNotMatch(r.stderr, /epoch/);
  }
});
