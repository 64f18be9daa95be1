import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openOrClose } from '../../src/preprocess/packed-morphology.js';
import { Random } from '../../src/training/random.js';

/** The definition, pixel by pixel: the AND (erosion) or OR (dilation) of the 3×3 neighbours inside the image. */
function reference(mask: Uint8Array, w: number, h: number, erode: boolean): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let all = 1;
      let any = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          all &= mask[yy * w + xx];
          any |= mask[yy * w + xx];
        }
      }
      out[y * w + x] = erode ? all : any;
    }
  }
  return out;
}

test('packed opening and closing match the pixel-by-pixel definition at every width, word edges included', () => {
  const rng = new Random(11);
  for (const w of [1, 2, 31, 32, 33, 63, 64, 65, 96]) {
    for (const h of [1, 2, 5, 72]) {
      for (const density of [0.2, 0.5, 0.85]) {
        const mask = Uint8Array.from({ length: w * h }, () => (rng.next() < density ? 1 : 0));
        for (const open of [true, false]) {
          const want = reference(reference(mask, w, h, open), w, h, !open);
          const got = Uint8Array.from(mask);
          openOrClose(got, w, h, open);
          assert.deepEqual(got, want, `${open ? 'opening' : 'closing'} ${w}×${h}, density ${density}`);
        }
      }
    }
  }
});

test('opening drops a lone speck and keeps a block; closing fills a one-pixel gap', () => {
  const w = 40;
  const h = 10;
  const mask = new Uint8Array(w * h);
  mask[2 * w + 2] = 1; // speck
  for (let y = 3; y < 8; y++) for (let x = 20; x < 35; x++) if (x !== 27) mask[y * w + x] = 1; // block with a gap column
  const opened = Uint8Array.from(mask);
  openOrClose(opened, w, h, true);
  assert.equal(opened[2 * w + 2], 0, 'the speck is gone');
  assert.equal(opened[5 * w + 22], 1, 'the block stays');
  const closed = Uint8Array.from(mask);
  openOrClose(closed, w, h, false);
  assert.equal(closed[5 * w + 27], 1, 'the gap is bridged');
});
