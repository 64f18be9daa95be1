// Camera-domain accuracy: test-set garments rendered as photo-like frames, run through the
// sorter's own preprocess → classify path, scored against their labels; and the same on
// shared/real-photos. Usage: node camera-domain.js MODEL_DIR COUNT [REAL_PHOTOS_DIR]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../src/classifier/classifier.js';
import { PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { initBackend } from '../src/model/backend.js';
import { preprocessFrame } from '../src/preprocess/preprocess.js';
import { randomDemoStyle, renderFrame } from '../src/synthetic/render-frame.js';
import { Random } from '../src/training/random.js';
import { median } from './measure.js';

const [dir, countText, realDir] = process.argv.slice(2);
await initBackend();
const classifier = await loadClassifier(dir);
const { test } = await loadFashionMnist();
const count = Number(countText);
const rng = new Random(2024);
// Evenly spread over the test set, so every class is represented.
const step = Math.floor(test.count / count);
let camHits = 0; let rawHits = 0; let empties = 0;
const preprocessMs: number[] = [];
for (let k = 0; k < count; k++) {
  const i = k * step;
  const pixels = test.images.subarray(i * PIXELS, (i + 1) * PIXELS);
  const label = test.labels[i];
  if (classifier.classify(pixels).classIndex === label) rawHits++;
  const jpeg = await renderFrame(pixels, randomDemoStyle(rng), i);
  const start = performance.now();
  const seen = await preprocessFrame(jpeg);
  preprocessMs.push(performance.now() - start);
  if (seen.kind === 'empty') { empties++; continue; }
  if (classifier.classify(seen.pixels).classIndex === label) camHits++;
}
let real: { correct: number; total: number; perFile: Record<string, string> } | undefined;
if (realDir && existsSync(join(realDir, 'labels.json'))) {
  const labels = JSON.parse(readFileSync(join(realDir, 'labels.json'), 'utf8')) as Record<string, number>;
  real = { correct: 0, total: 0, perFile: {} };
  for (const [file, label] of Object.entries(labels)) {
    const seen = await preprocessFrame(readFileSync(join(realDir, file)));
    real.total++;
    if (seen.kind === 'empty') { real.perFile[file] = 'empty'; continue; }
    const c = classifier.classify(seen.pixels);
    real.perFile[file] = c.className;
    if (c.classIndex === label) real.correct++;
  }
}
process.stdout.write(JSON.stringify({
  modelId: classifier.modelId, frames: count, rawAccuracy: rawHits / count, cameraAccuracy: camHits / count, empties,
  preprocessMedianMs: median(preprocessMs), real,
}));
