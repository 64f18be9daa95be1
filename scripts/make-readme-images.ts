// The README's "what the model sees" picture: camera frames and real phone photos next to the
// 28×28 images preprocessing makes from them. Usage: node dist/scripts/make-readme-images.js
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import { IMAGE_SIZE } from '../src/dataset/classes.js';
import { preprocessFrame } from '../src/preprocess/preprocess.js';

const root = join(import.meta.dirname ?? '.', '..', '..');
const inputs = [
  // Two demo frames by their number (their names also say the garment, colour and turn).
  ...['001-', '017-'].map((n) => join(root, 'demo', 'frames', readdirSync(join(root, 'demo', 'frames')).find((f) => f.startsWith(n))!)),
  ...['tshirt_top/cds_1.jpg', 'trouser/cds_3.jpg', 'dress/cds_1.jpg', 'coat/cds_3.jpg', 'shirt/cds_9.jpg'].map((f) => join(root, 'test', 'fixtures', 'real-photos', f)),
];
const tile = 150;
const composites: OverlayOptions[] = [];
for (const [i, file] of inputs.entries()) {
  const bytes = readFileSync(file);
  const photo = await sharp(bytes).rotate().resize(tile, tile, { fit: 'contain', background: '#fff' }).toBuffer();
  const seen = await preprocessFrame(bytes);
  const pixels = seen.kind === 'garment' ? seen.pixels : new Uint8Array(IMAGE_SIZE * IMAGE_SIZE);
  const small = await sharp(Buffer.from(pixels), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1 } }).resize(tile, tile, { kernel: 'nearest' }).png().toBuffer();
  composites.push({ input: photo, left: i * (tile + 10), top: 0 }, { input: small, left: i * (tile + 10), top: tile + 10 });
}
const out = join(root, 'docs', 'images', 'preprocessing.png');
await sharp({ create: { width: inputs.length * (tile + 10) - 10, height: tile * 2 + 10, channels: 3, background: '#fff' } }).composite(composites).png().toFile(out);
console.log(`wrote ${out}`);
