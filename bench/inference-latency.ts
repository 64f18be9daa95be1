// Child process: single-frame inference latency of a model directory on one backend.
// Usage: node inference-latency.js MODEL_DIR BACKEND RUNS
import * as tf from '@tensorflow/tfjs';
import { initBackend, type BackendName } from '../src/model/backend.js';
import { openVerifiedModel } from '../src/model/verify-model.js';
import { median, percentile, timeRuns } from './measure.js';

const [dir, backend, runsText] = process.argv.slice(2);
await initBackend(backend as BackendName);
const { model, manifest } = await openVerifiedModel(dir);
const frame = new Float32Array(784).map((_, i) => (i % 28) / 28);
// What the sorter does per garment: upload one frame, run the model, read 10 probabilities.
const times = timeRuns(() => {
  tf.tidy(() => (model.predict(tf.tensor4d(frame, [1, 28, 28, 1])) as tf.Tensor).dataSync());
}, Number(runsText), 20);
const weightBytes = manifest.files.filter((f) => f.path !== 'model.json').reduce((a, f) => a + f.bytes, 0);
process.stdout.write(JSON.stringify({
  modelId: manifest.modelId, medianMs: median(times), p99Ms: percentile(times, 99), weightBytes,
  parameters: model.countParams(), testAccuracy: manifest.metrics.testAccuracy,
}));
