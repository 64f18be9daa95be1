// Child process: training images/s of one architecture with N data-parallel workers, through the
// same step the training loop takes (src/training: batchLoss, DataParallel, Adam).
// Usage: node train-workers.js ARCH BATCH WORKERS SECONDS (measured after a 10 s warm-up)
import * as tf from '@tensorflow/tfjs';
import { ARCHITECTURES, type ArchitectureName } from '../src/model/architectures.js';
import { initBackend } from '../src/model/backend.js';
import { batchLoss, type Batch } from '../src/training/batch-loss.js';
import { DataParallel } from '../src/training/parallel/data-parallel.js';
import { modelVariables } from '../src/training/parallel/flat-weights.js';
import { median } from './measure.js';

const [arch, batchText, workersText, secondsText] = process.argv.slice(2);
const count = Number(batchText);
const workers = Number(workersText);
const backend = await initBackend('wasm');
const model = ARCHITECTURES[arch as ArchitectureName].build(1);
const optimizer = tf.train.adam(0.001);
const trainable = modelVariables(model).trainable;
const batch: Batch = {
  pixels: Float32Array.from({ length: count * 784 }, () => Math.random()),
  labels: Int32Array.from({ length: count }, () => Math.floor(Math.random() * 10)),
  turned: new Uint8Array(count),
  count,
};
const pool = workers > 1 ? await DataParallel.start(model, workers, backend.name) : undefined;

async function step(): Promise<void> {
  if (pool) {
    const r = await pool.step(batch, 0);
    optimizer.applyGradients(r.grads as never);
    tf.dispose(Object.values(r.grads));
    return;
  }
  tf.tidy(() => {
    optimizer.minimize(() => {
      const r = batchLoss(model, batch, 0);
      r.hits.dispose();
      return r.loss;
    }, true, trainable)!.dataSync();
  });
}

// Warm up for seconds, not one step: a rate is quoted at the steady state a real run keeps for
// hours. Two workers take a while to get there (the default net, second by second from the
// first step: 413, 553, 573, … 660–700 images/s from the 12th second; the wide net about 9 s,
// the cnn 5 s; not V8's tier-up of the wasm code, which `--no-wasm-dynamic-tiering` did not
// change), one worker about 3 s. Measured from the first step, two workers came out 10% slow.
// PyTorch is at its rate from the first second (two threads: 794, 774, 827, …), so its peer needs none.
const WARM_UP_MS = 10_000;
const warm = performance.now();
do await step(); while (performance.now() - warm < WARM_UP_MS);
const rates: number[] = [];
const deadline = performance.now() + Number(secondsText) * 1000;
while (performance.now() < deadline || rates.length < 3) {
  const start = performance.now();
  let images = 0;
  do { await step(); images += count; } while (performance.now() - start < 1000);
  rates.push(images / ((performance.now() - start) / 1000));
}
await pool?.close();
process.stdout.write(JSON.stringify({ imagesPerSecond: median(rates), groups: rates.length }));
