// Garments by how light they are against the tray, through the sorter's own path (preprocess,
// views, classify): the light-garment stretch must help light ones and cost dark ones nothing.
// Usage: node light-garments.js MODEL_DIR COUNT
import { loadClassifier } from '../src/classifier/classifier.js';
import { PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { initBackend } from '../src/model/backend.js';
import { preprocessFrame } from '../src/preprocess/preprocess.js';
import { randomDemoStyle, renderFrame, type FrameStyle } from '../src/synthetic/render-frame.js';
import type { Random } from '../src/training/random.js';
import { Random as Rng } from '../src/training/random.js';

const [dir, countText] = process.argv.slice(2);
await initBackend('wasm');
const classifier = await loadClassifier(dir);
const { test } = await loadFashionMnist();
const count = Number(countText);
const grey = (t: number): [number, number, number] => [t, t, t];
const COLOURED_TRAYS: [number, number, number][] = [[190, 50, 50], [60, 120, 70], [60, 80, 160], [150, 120, 80]];

/** `tint` near 0 is a garment close to white; near 1, a dark one (render-frame.ts). */
const STYLES: Record<string, (rng: Random) => FrameStyle> = {
  'demo mix on light trays': (rng) => randomDemoStyle(rng),
  'dark garments, light trays': (rng) => ({ ...randomDemoStyle(rng), tint: grey(0.85 + 0.15 * rng.next()) }),
  'light garments, light trays': (rng) => ({ ...randomDemoStyle(rng), tint: grey(0.15 + 0.2 * rng.next()) }),
  'light garments, coloured trays': (rng) => ({ ...randomDemoStyle(rng), tray: COLOURED_TRAYS[rng.int(0, 3)], tint: grey(0.15 + 0.2 * rng.next()) }),
};

const accuracy: Record<string, number> = {};
for (const [name, style] of Object.entries(STYLES)) {
  const rng = new Rng(99);
  let right = 0;
  for (let k = 0; k < count; k++) {
    // Every seventh image from 5,000 on: all classes, none of the demo's or the pose bench's.
    const index = 5000 + k * 7;
    const jpeg = await renderFrame(test.images.subarray(index * PIXELS, (index + 1) * PIXELS), style(rng), index);
    const seen = await preprocessFrame(jpeg);
    if (seen.kind === 'garment' && classifier.classifyViews(seen.views).classIndex === test.labels[index]) right++;
  }
  accuracy[name] = right / count;
}
process.stdout.write(JSON.stringify({ modelId: classifier.modelId, frames: count, accuracy }));
