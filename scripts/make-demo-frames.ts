// Writes the demo's replay frames: Fashion-MNIST test garments photographed onto light,
// unevenly lit trays at random places, sizes and angles (a third lie straight, as in the
// catalogue; the rest as people put them down), with a few empty trays between them.
// Usage: node dist/scripts/make-demo-frames.js [--out demo/frames] [--count 48] [--seed 1]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLASS_NAMES, PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { randomDemoStyle, renderFrame } from '../src/synthetic/render-frame.js';
import { Random } from '../src/training/random.js';

const { values } = parseArgs({ options: { out: { type: 'string', default: 'demo/frames' }, count: { type: 'string', default: '48' }, seed: { type: 'string', default: '1' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('Usage: node dist/scripts/make-demo-frames.js [--out DIR] [--count N] [--seed N]');
  process.exit(0);
}
const count = Number(values.count);
const rng = new Random(Number(values.seed));
const { test } = await loadFashionMnist();
rmSync(values.out!, { recursive: true, force: true });
mkdirSync(values.out!, { recursive: true });
const slug = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, '-');
let written = 0;
const used = new Set<number>();
for (let i = 0; i < count; i++) {
  // Every eighth frame is an empty tray: the sorter must say `empty`, not guess.
  if (i % 8 === 7) {
    const style = randomDemoStyle(rng);
    const blank = await renderFrame(new Uint8Array(PIXELS), style, i);
    writeFileSync(join(values.out!, `${String(i).padStart(3, '0')}-empty.jpg`), blank);
    written++;
    continue;
  }
  // Test images from the end of the set, walking through the classes in turn.
  const label = i % CLASS_NAMES.length;
  let index = test.count - 1;
  while (test.labels[index] !== label || used.has(index)) index--;
  used.add(index);
  const pixels = test.images.subarray(index * PIXELS, (index + 1) * PIXELS);
  const style = randomDemoStyle(rng);
  const angle = i % 3 === 0 ? 0 : Math.round(rng.next() * 360);
  const jpeg = await renderFrame(pixels, { ...style, angle }, i);
  writeFileSync(join(values.out!, `${String(i).padStart(3, '0')}-${slug(CLASS_NAMES[label])}-t${index}-a${angle}.jpg`), jpeg);
  written++;
}
console.log(`wrote ${written} 640×480 JPEG frames to ${values.out}`);
