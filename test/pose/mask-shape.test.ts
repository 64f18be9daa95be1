import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimatePose, MIN_POSE_AREA } from '../../src/pose/garment-pose.js';
import { maskMoments, minAreaRect, normaliseHalfTurn, normaliseQuarterTurn } from '../../src/pose/mask-shape.js';
import { preprocessFrame } from '../../src/preprocess/preprocess.js';
import { garmentFrame } from '../helpers/frames.js';

const W = 96;
const H = 72;

/** A filled shape turned `degrees` counter-clockwise on screen about the image centre. */
function shapeMask(kind: 'rectangle' | 'ellipse', long: number, short: number, degrees: number): Uint8Array {
  const mask = new Uint8Array(W * H);
  const rad = (degrees * Math.PI) / 180;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const dx = x + 0.5 - W / 2;
      const dy = y + 0.5 - H / 2;
      // Into the shape's own frame: screen y grows downwards, so counter-clockwise is −rad here.
      const u = dx * Math.cos(rad) - dy * Math.sin(rad);
      const v = dx * Math.sin(rad) + dy * Math.cos(rad);
      const inside = kind === 'rectangle' ? Math.abs(u) <= long / 2 && Math.abs(v) <= short / 2 : (u / (long / 2)) ** 2 + (v / (short / 2)) ** 2 <= 1;
      mask[y * W + x] = inside ? 1 : 0;
    }
  }
  return mask;
}

/** How far apart two directions are, up to a quarter turn (the rectangle's symmetry). */
const quarterGap = (a: number, b: number) => Math.abs(normaliseQuarterTurn(a - b));
const halfGap = (a: number, b: number) => Math.abs(normaliseHalfTurn(a - b));

// Tolerance: a 60×24 shape drawn on a pixel grid moves its edges by up to half a pixel, which
// tilts a 60-pixel side by about 1°; 2.5° leaves room for that at every angle.
const TOLERANCE = 2.5;
const ANGLES = [0, 10, 25, 40, 55, 70, 90, 120, 165, 200, 290];

test('a turned rectangle: its minimum-area rectangle reads the angle within 2.5°', () => {
  for (const angle of ANGLES) {
    const rect = minAreaRect(shapeMask('rectangle', 60, 24, angle), W, H);
    assert.ok(quarterGap(rect.angle, angle) <= TOLERANCE, `drawn at ${angle}°, read ${rect.angle.toFixed(1)}°`);
    assert.ok(Math.abs(Math.max(rect.length, rect.breadth) - 60) < 3 && Math.abs(Math.min(rect.length, rect.breadth) - 24) < 3, `sides ${rect.length.toFixed(1)} × ${rect.breadth.toFixed(1)}`);
  }
});

test('a turned ellipse: its moments give the long axis within 2.5°, up to a half turn', () => {
  for (const angle of ANGLES) {
    const m = maskMoments(shapeMask('ellipse', 64, 26, angle), W, H);
    assert.ok(halfGap(m.axis, angle) <= TOLERANCE, `drawn at ${angle}°, axis ${m.axis.toFixed(1)}°`);
    assert.ok(m.elongation > 2 && m.elongation < 3, `elongation ${m.elongation.toFixed(2)} for a 64:26 ellipse`);
  }
});

test('a rendered garment turned on the tray: the pose finds the turn within 4°', async () => {
  // Test image 2 is a pair of trousers: straight sides, like most garments laid flat. 4°: the
  // product photo itself is not exactly square to its frame, and the JPEG softens the outline.
  const upright = await preprocessFrame(await garmentFrame(2));
  assert.equal(upright.kind, 'garment');
  const base = upright.kind === 'garment' ? upright.pose.orientation : 0;
  for (const angle of [20, 35, 60, 110, 150, 250]) {
    const seen = await preprocessFrame(await garmentFrame(2, { angle, scale: 0.6 }));
    assert.equal(seen.kind, 'garment', `turned ${angle}°`);
    if (seen.kind !== 'garment') continue;
    assert.equal(seen.pose.fallback, undefined);
    assert.ok(quarterGap(seen.pose.orientation, base + angle) <= 4, `turned ${angle}°: read ${seen.pose.orientation}° (upright read ${base}°)`);
    // And it was turned back: straight to within the same tolerance.
    assert.ok(quarterGap(seen.pose.orientation + seen.pose.turn, 0) <= 5, `turn ${seen.pose.turn}° leaves it at ${seen.pose.orientation + seen.pose.turn}°`);
  }
});

test('a mask too small or too thin for a direction is left as it lies, and says why', () => {
  const speck = new Uint8Array(W * H);
  for (let y = 30; y < 35; y++) for (let x = 40; x < 45; x++) speck[y * W + x] = 1;
  const small = estimatePose(speck, W, H);
  assert.equal(small.turn, 0);
  assert.match(small.fallback ?? '', new RegExp(`mask too small for an orientation \\(25 px < ${MIN_POSE_AREA}\\)`));
  const belt = shapeMask('rectangle', 80, 2, 30);
  const thin = estimatePose(belt, W, H);
  assert.equal(thin.turn, 0);
  assert.match(thin.fallback ?? '', /mask too thin for an orientation/);
  assert.doesNotThrow(() => estimatePose(new Uint8Array(W * H), W, H));
});
