// Writes the demo's replay frames: Fashion-MNIST test garments photographed onto mid-grey,
// unevenly lit trays (the tray docs/colour.md recommends) at random places, sizes and angles (a
// third lie straight, as in the catalogue; the rest as people put them down), each in a laundry
// colour, so the demo's colour groups and its laundry bins have something to show; with a few
// empty trays between them. The file name says the garment, its colour group and its turn.
// Usage: node dist/scripts/make-demo-frames.js [--out demo/frames] [--count 48] [--seed 1]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLASS_NAMES, PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { randomDemoStyle, renderFrame, type FrameStyle } from '../src/synthetic/render-frame.js';
import { Random } from '../src/training/random.js';

const HELP = 'Usage: node dist/scripts/make-demo-frames.js [--out DIR] [--count N] [--seed N]\n\nWrites the demo\'s replay frames (640×480 JPEG): test-set garments in laundry colours on grey trays.';
const { values } = parseArgs({ options: { out: { type: 'string', default: 'demo/frames' }, count: { type: 'string', default: '48' }, seed: { type: 'string', default: '1' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

type Rgb = [number, number, number];
/** A laundry basket's colours, by the group each is well inside (checked in test/synthetic/demo-frames.test.ts). */
export const DEMO_FABRICS: { group: string; fabric: Rgb; second?: Rgb }[] = [
  { group: 'white', fabric: [248, 247, 244] },
  { group: 'dark', fabric: [34, 42, 76] }, // navy
  { group: 'colour', fabric: [196, 44, 48] }, // red
  { group: 'light', fabric: [180, 204, 230] }, // pastel blue
  { group: 'dark', fabric: [30, 30, 32] }, // black
  { group: 'colour', fabric: [46, 140, 80] }, // green
  { group: 'mixed', fabric: [34, 42, 76], second: [238, 236, 230] }, // navy and white stripes
  { group: 'light', fabric: [200, 200, 198] }, // light grey
  { group: 'colour', fabric: [54, 104, 196] }, // mid blue
  { group: 'white', fabric: [244, 240, 230] }, // off-white
  { group: 'dark', fabric: [70, 70, 74] }, // charcoal
  { group: 'colour', fabric: [210, 164, 44] }, // mustard
];
/** Mid-grey trays: white garments and black ones both stand out on them. */
const TRAYS: Rgb[] = [[150, 150, 155], [128, 130, 132], [170, 170, 172]];
/** Mostly plain light; now and then a warm or a cool lamp, which the grey tray corrects. */
const LIGHTS: Rgb[] = [[1, 1, 1], [1, 1, 1], [1, 0.88, 0.7], [0.88, 0.94, 1]];

const count = Number(values.count);
const rng = new Random(Number(values.seed));
const { test } = await loadFashionMnist();
rmSync(values.out!, { recursive: true, force: true });
mkdirSync(values.out!, { recursive: true });
const slug = (name: string) => name.toLowerCase().replace(/[^a-z]+/g, '-');
const trayStyle = (): FrameStyle => ({ ...randomDemoStyle(rng), tray: TRAYS[rng.int(0, TRAYS.length - 1)] });
let written = 0;
const used = new Set<number>();
for (let i = 0; i < count; i++) {
  const name = String(i).padStart(3, '0');
  // Every eighth frame is an empty tray: the sorter must say `empty`, not guess.
  if (i % 8 === 7) {
    writeFileSync(join(values.out!, `${name}-empty.jpg`), await renderFrame(new Uint8Array(PIXELS), trayStyle(), i));
    written++;
    continue;
  }
  // Test images from the end of the set, walking through the classes in turn.
  const label = i % CLASS_NAMES.length;
  let index = test.count - 1;
  while (test.labels[index] !== label || used.has(index)) index--;
  used.add(index);
  const pixels = test.images.subarray(index * PIXELS, (index + 1) * PIXELS);
  const { group, fabric, second } = DEMO_FABRICS[i % DEMO_FABRICS.length];
  const style = trayStyle();
  style.angle = i % 3 === 0 ? 0 : Math.round(rng.next() * 360);
  style.colour = { fabric, ...(second ? { second, stripe: 32 } : {}), light: LIGHTS[rng.int(0, LIGHTS.length - 1)] };
  const jpeg = await renderFrame(pixels, style, i);
  writeFileSync(join(values.out!, `${name}-${slug(CLASS_NAMES[label])}-${group}-t${index}-a${style.angle}.jpg`), jpeg);
  written++;
}
console.log(`wrote ${written} 640×480 JPEG frames to ${values.out}`);
