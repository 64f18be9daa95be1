// Folds and shadows in a coloured sheet are the sheet, not the garment; on a neutral tray a
// grey garment and a shadow look alike, so there nothing is taken away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateBackground } from '../../src/preprocess/background.js';
import type { RgbImage } from '../../src/preprocess/frame.js';
import { segment } from '../../src/preprocess/segment.js';

type Rgb = [number, number, number];
const [W, H] = [128, 96];
/** The garment: a rectangle in the middle. The fold: a band along its left side, touching it. */
const GARMENT = { x0: 44, x1: 84, y0: 24, y1: 72 };
const FOLD = { x0: 30, x1: 44, y0: 20, y1: 76 };

function frame(tray: Rgb, fold: Rgb, garment: Rgb): RgbImage {
  const data = new Uint8Array(W * H * 3);
  const inside = (r: typeof GARMENT, x: number, y: number) => x >= r.x0 && x < r.x1 && y >= r.y0 && y < r.y1;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const colour = inside(GARMENT, x, y) ? garment : inside(FOLD, x, y) ? fold : tray;
    data.set(colour, (y * W + x) * 3);
  }
  return { width: W, height: H, data };
}

function maskedShare(img: RgbImage, r: typeof GARMENT): number {
  const seg = segment(img, estimateBackground(img));
  assert.ok(seg, 'expected a garment');
  let on = 0;
  for (let y = r.y0; y < r.y1; y++) for (let x = r.x0; x < r.x1; x++) on += seg.mask[y * W + x];
  return on / ((r.x1 - r.x0) * (r.y1 - r.y0));
}

test('a fold in a red sheet beside a white shirt is left out of the garment', () => {
  // The fold is the sheet's red at 60% of its light: far enough from the sheet to pass the
  // colour-distance threshold, which before this rule joined it to the shirt.
  const img = frame([150, 30, 30], [90, 18, 18], [230, 230, 230]);
  assert.ok(maskedShare(img, GARMENT) > 0.95, 'the shirt is found');
  assert.ok(maskedShare(img, FOLD) < 0.1, `the fold is ${(maskedShare(img, FOLD) * 100).toFixed(0)}% garment`);
});

test('on a grey tray a dark grey garment is a garment, not a shadow', () => {
  // Same shapes, neutral colours: the "fold" band is now a second, darker part of the garment.
  const img = frame([170, 170, 170], [95, 95, 95], [100, 100, 100]);
  assert.ok(maskedShare(img, GARMENT) > 0.95);
  assert.ok(maskedShare(img, FOLD) > 0.9, 'the darker part stays with the garment');
});

test('a red garment on a red sheet, only darker, is taken for the sheet in shade: the known limit', () => {
  // Written down as a test so the limit is not a surprise: docs/pose.md says to use a tray
  // that is not the garment's colour.
  const img = frame([150, 30, 30], [150, 30, 30], [80, 16, 16]);
  assert.equal(segment(img, estimateBackground(img)), undefined);
});
