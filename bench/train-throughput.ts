// Child process: training images/s of one architecture on one backend and kernel set.
// Usage: node train-throughput.js ARCH BACKEND KERNELS BATCH SECONDS   (KERNELS: all | filter-only)
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ARCHITECTURES, type ArchitectureName } from '../src/model/architectures.js';
import { registerWasmGradients } from '../src/model/wasm-gradients.js';
import { CLASS_COUNT } from '../src/dataset/classes.js';
import { median } from './measure.js';

const [arch, backend, kernels, batchText, secondsText] = process.argv.slice(2);
const batch = Number(batchText);
await tf.setBackend(backend);
await tf.ready();
if (backend === 'wasm') registerWasmGradients(kernels === 'filter-only' ? ['Conv2DBackpropFilter'] : undefined);

const model = ARCHITECTURES[arch as ArchitectureName].build(1);
const optimizer = tf.train.adam(0.001);
const xs = tf.randomUniform([batch, 28, 28, 1]);
const ys = tf.oneHot(tf.randomUniform([batch], 0, CLASS_COUNT, 'int32'), CLASS_COUNT);
const step = () => tf.tidy(() => {
  optimizer.minimize(() => tf.mean(tf.metrics.categoricalCrossentropy(ys, model.apply(xs, { training: true }) as tf.Tensor)) as tf.Scalar, true)!.dataSync();
});
step();
// Steps in 1-second groups until the time budget is spent; the median group rate is reported.
const rates: number[] = [];
const deadline = performance.now() + Number(secondsText) * 1000;
while (performance.now() < deadline || rates.length < 3) {
  const start = performance.now();
  let images = 0;
  do { step(); images += batch; } while (performance.now() - start < 1000);
  rates.push(images / ((performance.now() - start) / 1000));
}
process.stdout.write(JSON.stringify({ imagesPerSecond: median(rates), groups: rates.length }));
