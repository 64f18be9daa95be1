// What a hot reload costs, and how much of it is checking the golden outputs (the same check
// as `model verify`, run before any model serves). Usage: node model-load.js MODEL_DIR RUNS
import { initBackend } from '../src/model/backend.js';
import { loadClassifier } from '../src/classifier/classifier.js';
import { goldenDifference, openVerifiedModel } from '../src/model/verify-model.js';
import { median } from './measure.js';

const [dir, runsText] = process.argv.slice(2);
await initBackend('wasm');
const loads: number[] = [];
const goldens: number[] = [];
let modelId = '';
for (let i = 0; i < Number(runsText ?? 7); i++) {
  let started = performance.now();
  const classifier = await loadClassifier(dir);
  loads.push(performance.now() - started);
  modelId = classifier.modelId;
  classifier.dispose();
  const { model, manifest } = await openVerifiedModel(dir);
  started = performance.now();
  goldenDifference(model, manifest);
  goldens.push(performance.now() - started);
  model.dispose();
}
console.log(JSON.stringify({ modelId, loadMedianMs: median(loads), goldenMedianMs: median(goldens) }));
