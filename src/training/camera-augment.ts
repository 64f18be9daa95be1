// What the camera path does to a garment that a product photo never shows, applied to a
// 28×28 image so a model learns to shrug it off. Measured on frames through `preprocessFrame`
// against the same garments' Fashion-MNIST images: tray colour and hard side light change how
// dark each part of the garment comes out (a gamma, and a ramp across it), focus and
// sharpening soften or harden the inside, a shadow on the tray along the garment's outline
// comes out as a bright rim (or blur as a dim one), and the preprocessing lifts every garment
// pixel to at least GARMENT_FLOOR. Two effects of the mask are copied too: a garment lying
// small in the frame has fewer pixels than 28 across, so it is upscaled and soft; and gaps the
// garment encloses (between a sandal's straps) are filled, so they come out dim, not black.
// The background (0) stays 0, as the segmentation mask keeps it.
import { IMAGE_SIZE } from '../dataset/classes.js';
import { GARMENT_FLOOR } from '../preprocess/to-fashion-mnist.js';
import type { Random } from './random.js';

/** Ranges drawn from for each image; wide enough to cover a green tray under one lamp. */
export const CAMERA_RANGES = {
  gamma: [0.55, 2.2],
  /** Brightness change across the garment, each axis, as a share (±). */
  light: 0.3,
  /** Negative blurs (out of focus), positive sharpens; the preprocessing itself sharpens by 0.4. */
  focus: [-0.8, 0.9],
  /** Added to pixels on the garment's outline, as a share of full brightness. */
  rim: [-0.15, 0.35],
  /** Pixels across the garment in the frame, when it is drawn smaller than 28 (half the time). */
  across: [16, 27],
} as const;

const between = (rng: Random, [lo, hi]: readonly [number, number]) => lo + rng.next() * (hi - lo);

/** Changes one image in place: floats in [0, 1] at `offset` in `img`. `scratch` holds PIXELS floats. */
export function cameraLike(img: Float32Array, offset: number, rng: Random, scratch: Float32Array): void {
  if (rng.next() < 0.5) fewerPixels(img, offset, rng.int(CAMERA_RANGES.across[0], CAMERA_RANGES.across[1]), scratch);
  fillEnclosedGaps(img, offset);
  const gamma = Math.exp(between(rng, [Math.log(CAMERA_RANGES.gamma[0]), Math.log(CAMERA_RANGES.gamma[1])]));
  const ax = (rng.next() * 2 - 1) * CAMERA_RANGES.light;
  const ay = (rng.next() * 2 - 1) * CAMERA_RANGES.light;
  const focus = between(rng, CAMERA_RANGES.focus);
  const rim = between(rng, CAMERA_RANGES.rim);
  const half = (IMAGE_SIZE - 1) / 2;
  let top = 0;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const at = offset + y * IMAGE_SIZE + x;
      const v = img[at];
      if (v === 0) { scratch[y * IMAGE_SIZE + x] = 0; continue; }
      const lit = v ** gamma * (1 + ax * (x - half) / half + ay * (y - half) / half);
      scratch[y * IMAGE_SIZE + x] = lit;
      if (lit > top) top = lit;
    }
  }
  if (top === 0) return;
  // The preprocessing scales the brightest garment part to 255, so the ramp never dims it all.
  const floor = GARMENT_FLOOR / 255;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const p = y * IMAGE_SIZE + x;
      const v = scratch[p];
      if (v === 0) { img[offset + p] = 0; continue; }
      let sum = 0;
      let count = 0;
      let outline = false;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= IMAGE_SIZE || xx < 0 || xx >= IMAGE_SIZE) continue;
          const n = scratch[yy * IMAGE_SIZE + xx];
          if (n === 0) { outline = true; continue; } // the mask cuts blur at the garment's edge
          sum += n;
          count++;
        }
      }
      const focused = (v + focus * (v - sum / count)) / top + (outline ? rim : 0);
      img[offset + p] = Math.min(1, Math.max(floor, focused));
    }
  }
}

/** Area-averages the image down to `across`² and back up bilinearly: what a garment only `across` pixels wide in the frame looks like at 28. */
function fewerPixels(img: Float32Array, offset: number, across: number, small: Float32Array): void {
  const f = IMAGE_SIZE / across;
  for (let sy = 0; sy < across; sy++) {
    for (let sx = 0; sx < across; sx++) {
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(sy * f); y < Math.min(IMAGE_SIZE, Math.ceil((sy + 1) * f)); y++) { // f·across may be a hair over 28
        const wy = Math.min(y + 1, (sy + 1) * f) - Math.max(y, sy * f);
        for (let x = Math.floor(sx * f); x < Math.min(IMAGE_SIZE, Math.ceil((sx + 1) * f)); x++) {
          const w = wy * (Math.min(x + 1, (sx + 1) * f) - Math.max(x, sx * f));
          sum += img[offset + y * IMAGE_SIZE + x] * w;
          area += w;
        }
      }
      small[sy * across + sx] = sum / area;
    }
  }
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const fy = Math.min(across - 1, Math.max(0, (y + 0.5) / f - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(across - 1, y0 + 1);
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const fx = Math.min(across - 1, Math.max(0, (x + 0.5) / f - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(across - 1, x0 + 1);
      const top = small[y0 * across + x0] + (small[y0 * across + x1] - small[y0 * across + x0]) * (fx - x0);
      const bottom = small[y1 * across + x0] + (small[y1 * across + x1] - small[y1 * across + x0]) * (fx - x0);
      const v = top + (bottom - top) * (fy - y0);
      img[offset + y * IMAGE_SIZE + x] = v < 1 / 255 ? 0 : v; // the mask's edge: faint halo is tray
    }
  }
}

/** Background pixels the garment encloses (not reachable from the image's edge) become the dimmest garment level, as the preprocessing's hole filling makes them. */
function fillEnclosedGaps(img: Float32Array, offset: number): void {
  const outside = new Uint8Array(IMAGE_SIZE * IMAGE_SIZE);
  const stack: number[] = [];
  const visit = (p: number) => {
    if (!outside[p] && img[offset + p] === 0) { outside[p] = 1; stack.push(p); }
  };
  for (let i = 0; i < IMAGE_SIZE; i++) {
    visit(i); visit((IMAGE_SIZE - 1) * IMAGE_SIZE + i); visit(i * IMAGE_SIZE); visit(i * IMAGE_SIZE + IMAGE_SIZE - 1);
  }
  while (stack.length > 0) {
    const p = stack.pop()!;
    const x = p % IMAGE_SIZE;
    if (x > 0) visit(p - 1);
    if (x < IMAGE_SIZE - 1) visit(p + 1);
    if (p >= IMAGE_SIZE) visit(p - IMAGE_SIZE);
    if (p < IMAGE_SIZE * (IMAGE_SIZE - 1)) visit(p + IMAGE_SIZE);
  }
  const floor = GARMENT_FLOOR / 255;
  for (let p = 0; p < outside.length; p++) if (img[offset + p] === 0 && !outside[p]) img[offset + p] = floor;
}
