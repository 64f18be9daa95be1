// Camera-domain accuracy: test-set garments rendered as photo-like frames, run through the
// sorter's own preprocess → classify path, scored against their labels; and the same on
// the real photos (test/fixtures/real-photos, copied from shared/real-photos). Usage: node camera-domain.js MODEL_DIR COUNT [REAL_PHOTOS_DIR]
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../src/classifier/classifier.js';
import { PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { initBackend } from '../src/model/backend.js';
import { preprocessFrame } from '../src/preprocess/preprocess.js';
import { decodeFrame, decodeFrameWithSharp, MAX_INPUT_PIXELS, WORKING_SIZE } from '../src/preprocess/frame.js';
import { decodeSmallJpeg } from '../src/preprocess/jpeg/small-jpeg.js';
import { randomDemoStyle, renderFrame } from '../src/synthetic/render-frame.js';
import { Random } from '../src/training/random.js';
import { median, percentile } from './measure.js';

type Outcome = { kind: 'garment'; views: Uint8Array } | { kind: 'empty' };

const [dir, countText, realDir] = process.argv.slice(2);
await initBackend();
const classifier = await loadClassifier(dir);
const { test } = await loadFashionMnist();
const count = Number(countText);
const rng = new Random(2024);
// Evenly spread over the test set, so every class is represented.
const step = Math.floor(test.count / count);
let camHits = 0; let rawHits = 0; let empties = 0;
// Render every frame first, so the preprocessing timings are of preprocessing alone, back to
// back as a camera stream delivers frames, not interleaved with the renderer's own garbage.
const frames: { jpeg: Buffer; index: number }[] = [];
for (let k = 0; k < count; k++) frames.push({ jpeg: await renderFrame(test.images.subarray(k * step * PIXELS, (k * step + 1) * PIXELS), randomDemoStyle(rng), k * step), index: k * step });
const preprocessMs: number[] = [];
// Only what the classifier needs is kept: holding every working image (20 KB each) would make
// the garbage collector's work grow with the frame count, which no running sorter does.
const seen: Outcome[] = [];
for (const { jpeg } of frames.slice(0, 20)) await preprocessFrame(jpeg); // JIT warm-up, as the sorter's first garments
for (const { jpeg } of frames) {
  const start = performance.now();
  const s = await preprocessFrame(jpeg);
  preprocessMs.push(performance.now() - start);
  seen.push(s.kind === 'garment' ? { kind: 'garment', views: s.views } : { kind: 'empty' });
}
// The decode alone, both ways, on the same frames: how much the fast JPEG path saves.
const decodeMs = { fast: [] as number[], sharp: [] as number[] };
let onFastPath = 0;
for (const { jpeg } of frames) {
  let start = performance.now();
  await decodeFrame(jpeg);
  decodeMs.fast.push(performance.now() - start);
  start = performance.now();
  await decodeFrameWithSharp(jpeg);
  decodeMs.sharp.push(performance.now() - start);
  if (decodeSmallJpeg(jpeg, { size: WORKING_SIZE, maxPixels: MAX_INPUT_PIXELS })) onFastPath++;
}
frames.forEach(({ index }, k) => {
  const label = test.labels[index];
  if (classifier.classify(test.images.subarray(index * PIXELS, (index + 1) * PIXELS)).classIndex === label) rawHits++;
  const s = seen[k];
  if (s.kind === 'empty') { empties++; return; }
  if (classifier.classifyViews(s.views).classIndex === label) camHits++;
});
let real: { correct: number; total: number; perFile: Record<string, string> } | undefined;
if (realDir && existsSync(join(realDir, 'labels.json'))) {
  const labels = JSON.parse(readFileSync(join(realDir, 'labels.json'), 'utf8')) as Record<string, number>;
  real = { correct: 0, total: 0, perFile: {} };
  for (const [file, label] of Object.entries(labels)) {
    const seen = await preprocessFrame(readFileSync(join(realDir, file)));
    real.total++;
    if (seen.kind === 'empty') { real.perFile[file] = 'empty'; continue; }
    const c = classifier.classifyViews(seen.views);
    real.perFile[file] = c.className;
    if (c.classIndex === label) real.correct++;
  }
}
process.stdout.write(JSON.stringify({
  modelId: classifier.modelId, frames: count, rawAccuracy: rawHits / count, cameraAccuracy: camHits / count, empties,
  preprocessMedianMs: median(preprocessMs), preprocessP99Ms: percentile(preprocessMs, 99),
  decode: { fastPathShare: onFastPath / count, medianMs: median(decodeMs.fast), sharpMedianMs: median(decodeMs.sharp) }, real,
}));
