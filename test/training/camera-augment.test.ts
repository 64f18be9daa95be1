// The camera-like augmentation: it changes garments the way the camera path does, and never
// the tray around them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PIXELS } from '../../src/dataset/classes.js';
import { GARMENT_FLOOR } from '../../src/preprocess/to-fashion-mnist.js';
import { augmentInto, NO_AUGMENT } from '../../src/training/augment.js';
import { formatAugment, parseAugment } from '../../src/training/augment-spec.js';
import { Random } from '../../src/training/random.js';
import { realSplit } from '../helpers/tiny-training.js';

const garments = realSplit('test', 50);
const render = (i: number, camera: number, seed: number) => {
  const out = new Float32Array(PIXELS);
  augmentInto(garments.images, i * PIXELS, out, 0, { ...NO_AUGMENT, camera }, new Random(seed));
  return out;
};

/** Tray pixels reachable from the image's edge without crossing the garment (the rest are enclosed gaps). */
function outside(plain: Float32Array): Uint8Array {
  const seen = new Uint8Array(PIXELS);
  const stack = [...Array(28).keys()].flatMap((i) => [i, 27 * 28 + i, i * 28, i * 28 + 27]).filter((p) => plain[p] === 0);
  for (const p of stack) seen[p] = 1;
  while (stack.length) {
    const p = stack.pop()!;
    const x = p % 28;
    for (const q of [x > 0 ? p - 1 : -1, x < 27 ? p + 1 : -1, p - 28, p + 28]) {
      if (q >= 0 && q < PIXELS && !seen[q] && plain[q] === 0) { seen[q] = 1; stack.push(q); }
    }
  }
  return seen;
}

/** Outside tray pixels with no garment pixel within 2 px: a softened edge may reach 2 px out, no further. */
function farTray(plain: Float32Array): boolean[] {
  const out = outside(plain);
  return Array.from(plain, (_, p) => {
    if (!out[p]) return false;
    const x = p % 28;
    const y = (p - x) / 28;
    for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
      const xx = x + dx;
      const yy = y + dy;
      if (xx >= 0 && xx < 28 && yy >= 0 && yy < 28 && plain[yy * 28 + xx] > 0) return false;
    }
    return true;
  });
}

test('camera:1 changes every garment but leaves the tray black and stays in the camera path\'s range', () => {
  let changed = 0;
  for (let i = 0; i < garments.count; i++) {
    const plain = render(i, 0, 1);
    const camera = render(i, 1, 1);
    let diff = 0;
    let top = 0;
    const far = farTray(plain);
    for (let p = 0; p < PIXELS; p++) {
      if (far[p]) assert.equal(camera[p], 0, `garment ${i}: tray pixel ${p} stays 0`);
      else if (plain[p] > 0) {
        // 0 only where a softened outline fell below the mask's cut.
        assert.ok(camera[p] === 0 || (camera[p] >= GARMENT_FLOOR / 255 - 1e-6 && camera[p] <= 1), `garment ${i}: pixel ${p} = ${camera[p]} within [floor, 1]`);
        diff += Math.abs(camera[p] - plain[p]);
        top = Math.max(top, camera[p]);
      }
    }
    assert.ok(top > 0.8, `garment ${i}: its brightest part stays bright (${top}), as preprocessing scales it to 255`);
    if (diff / PIXELS > 0.02) changed++;
  }
  assert.ok(changed >= garments.count * 0.9, `most garments visibly changed: ${changed} of ${garments.count}`);
});

test('every value stays a number in [0, 1] over thousands of draws, even for the last image of a buffer', () => {
  const rng = new Random(1);
  const out = new Float32Array(PIXELS); // nothing after it: a read past the image would give NaN
  for (let n = 0; n < 3000; n++) {
    augmentInto(garments.images, (n % garments.count) * PIXELS, out, 0, { shift: 2, flip: true, erase: 0.25, camera: 1 }, rng);
    for (let p = 0; p < PIXELS; p++) assert.ok(out[p] >= 0 && out[p] <= 1, `draw ${n}, pixel ${p}: ${out[p]}`);
  }
});

test('camera augmentation repeats for a seed and varies between seeds', () => {
  assert.deepEqual(render(3, 1, 42), render(3, 1, 42));
  assert.notDeepEqual(render(3, 1, 42), render(3, 1, 43));
});

test('camera:0.5 touches about half of the images', () => {
  let touched = 0;
  for (let seed = 0; seed < 200; seed++) {
    const a = render(seed % garments.count, 0.5, seed);
    const b = render(seed % garments.count, 0, seed);
    if (a.some((v, p) => v !== b[p])) touched++;
  }
  assert.ok(touched > 70 && touched < 130, `${touched} of 200`);
});

test('--augment reads and writes camera:P and refuses a probability beyond 1', () => {
  const a = parseAugment('shift:2,flip,camera:0.5');
  assert.equal(a.camera, 0.5);
  assert.equal(formatAugment(a), 'shift:2,flip,camera:0.5');
  assert.throws(() => parseAugment('camera:2'), /camera:0-1, .*got `camera:2`/);
});
