// A picture of the camera-like augmentation: the first row is Fashion-MNIST test garments as
// they are, the rows below the same garments through `--augment camera:1` with other seeds.
// Usage: node dist/scripts/preview-augment.js [OUT.png]
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_SIZE, PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { augmentInto, NO_AUGMENT } from '../src/training/augment.js';
import { Random } from '../src/training/random.js';

if (process.argv.includes('--help')) {
  console.log('Usage: node dist/scripts/preview-augment.js [OUT.png]\nWrites a grid: Fashion-MNIST test garments, then the same garments through --augment camera:1.');
  process.exit(0);
}
const out = process.argv[2] ?? join(import.meta.dirname ?? '.', '..', '..', 'docs', 'images', 'camera-augment.png');
const { test } = await loadFashionMnist();
const columns = 12;
const rows = 4;
const width = columns * IMAGE_SIZE;
const grid = new Uint8Array(width * rows * IMAGE_SIZE);
const image = new Float32Array(PIXELS);
const rng = new Random(3);
for (let col = 0; col < columns; col++) {
  const garment = col * 97; // a spread of classes
  for (let row = 0; row < rows; row++) {
    augmentInto(test.images, garment * PIXELS, image, 0, { ...NO_AUGMENT, camera: row === 0 ? 0 : 1 }, rng);
    for (let y = 0; y < IMAGE_SIZE; y++) {
      for (let x = 0; x < IMAGE_SIZE; x++) grid[(row * IMAGE_SIZE + y) * width + col * IMAGE_SIZE + x] = Math.round(image[y * IMAGE_SIZE + x] * 255);
    }
  }
}
await sharp(grid, { raw: { width, height: rows * IMAGE_SIZE, channels: 1 } }).resize(width * 3, rows * IMAGE_SIZE * 3, { kernel: 'nearest' }).png().toFile(out);
console.log(`wrote ${out}`);
