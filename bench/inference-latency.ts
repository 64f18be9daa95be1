// Child process: single-frame inference latency of a model directory on one backend.
// Usage: node inference-latency.js MODEL_DIR BACKEND RUNS
import { loadClassifier } from '../src/classifier/classifier.js';
import { initBackend, type BackendName } from '../src/model/backend.js';
import { median, percentile, timeRuns } from './measure.js';

const [dir, backend, runsText] = process.argv.slice(2);
await initBackend(backend as BackendName);
const classifier = await loadClassifier(dir);
const { manifest } = classifier;
const frame = new Uint8Array(784).map((_, i) => Math.round(((i % 28) / 28) * 255));
// What the sorter does per garment: upload one frame, run the model (fused where it can be),
// read 10 probabilities and apply the calibration.
const times = timeRuns(() => classifier.classify(frame), Number(runsText), 20);
const weightBytes = manifest.files.filter((f) => f.path !== 'model.json').reduce((a, f) => a + f.bytes, 0);
process.stdout.write(JSON.stringify({
  modelId: manifest.modelId, medianMs: median(times), p99Ms: percentile(times, 99), weightBytes,
  forward: classifier.forward, testAccuracy: manifest.metrics.testAccuracy,
}));
