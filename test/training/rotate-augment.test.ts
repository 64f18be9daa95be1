// Turning garments in training: exact quarter turns, small turns that keep the garment, labels
// softened only where a garment was quarter-turned, and old recipes untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PIXELS } from '../../src/dataset/classes.js';
import { quarterTurn } from '../../src/pose/views.js';
import { augmentInto, makeBatch, NO_AUGMENT, DEFAULT_AUGMENT } from '../../src/training/augment.js';
import { formatAugment, parseAugment } from '../../src/training/augment-spec.js';
import { Random } from '../../src/training/random.js';
import { rotateInPlace } from '../../src/training/rotate-augment.js';
import { correlation } from '../helpers/frames.js';
import { realSplit } from '../helpers/tiny-training.js';

const garments = realSplit('test', 20);
const asFloats = (i: number) => Float32Array.from(garments.images.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255);

test('a 90° training turn is the same exact quarter turn the sorter scores', () => {
  for (let i = 0; i < 5; i++) {
    const img = asFloats(i);
    rotateInPlace(img, 0, 90, new Float32Array(PIXELS));
    const views = new Uint8Array(PIXELS);
    quarterTurn(garments.images.subarray(i * PIXELS, (i + 1) * PIXELS), 90, views);
    img.forEach((v, p) => assert.ok(Math.abs(v - views[p] / 255) < 1e-6, `garment ${i}, pixel ${p}`));
  }
});

test('a small turn keeps the garment: turned 10° and back, it still looks like itself', () => {
  for (let i = 0; i < 10; i++) {
    const img = asFloats(i);
    const scratch = new Float32Array(PIXELS);
    rotateInPlace(img, 0, 10, scratch);
    const moved = correlation(img, asFloats(i));
    rotateInPlace(img, 0, -10, scratch);
    const back = correlation(img, asFloats(i));
    // Bilinear sampling softens a little each way: 0.93 for the worst of these ten.
    assert.ok(back > 0.9, `garment ${i}: ${back.toFixed(3)} after turning there and back`);
    assert.ok(moved < back, `garment ${i}: the turn changed nothing (${moved.toFixed(3)})`);
  }
});

test('turn:P quarter-turns about that share of garments, and makeBatch says which', () => {
  const opts = { ...NO_AUGMENT, turn: 0.5 };
  const indices = Array.from({ length: 400 }, (_, k) => k % 20);
  const turned = new Uint8Array(indices.length);
  const batch = makeBatch(garments.images, indices, opts, new Random(3), turned);
  const share = turned.reduce((a, b) => a + b, 0) / turned.length;
  assert.ok(share > 0.42 && share < 0.58, `share quarter-turned: ${share}`);
  // The flag is the truth: a flagged image differs from its upright self, an unflagged one does not.
  for (let k = 0; k < 40; k++) {
    const same = batch.subarray(k * PIXELS, (k + 1) * PIXELS).every((v, p) => v === Math.fround(garments.images[indices[k] * PIXELS + p] / 255));
    assert.equal(same, turned[k] === 0, `image ${k}`);
  }
});

test('recipes without turns draw the same random numbers as before, so old runs reproduce', () => {
  const a = new Random(9);
  const b = new Random(9);
  const out = new Float32Array(PIXELS);
  augmentInto(garments.images, 0, out, 0, DEFAULT_AUGMENT, a);
  augmentInto(garments.images, 0, out, 0, { ...DEFAULT_AUGMENT, rotate: 0, turn: 0, turnSmoothing: 0 }, b);
  assert.equal(a.state, b.state);
});

test('--augment reads and writes rotate, turn and turn-smooth, and refuses nonsense in one line', () => {
  const a = parseAugment('shift:2,flip,rotate:10,turn:0.5,turn-smooth:0.6');
  assert.deepEqual([a.rotate, a.turn, a.turnSmoothing], [10, 0.5, 0.6]);
  assert.equal(formatAugment(a), 'shift:2,flip,rotate:10,turn:0.5,turn-smooth:0.6');
  assert.throws(() => parseAugment('rotate:90'), /rotate:0-45 \(degrees\).*got `rotate:90`/);
  assert.throws(() => parseAugment('turn-smooth:1'), /turn-smooth:0-0.9, got `turn-smooth:1`/);
});
