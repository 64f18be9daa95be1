// What the camera path does to a garment that a product photo never shows, applied to a
// 28×28 image so a model learns to shrug it off. Measured on frames through `preprocessFrame`
// against the same garments' Fashion-MNIST images: tray colour and hard side light change how
// dark each part of the garment comes out (a gamma, and a ramp across it), focus and
// sharpening soften or harden the inside, a shadow on the tray along the garment's outline
// comes out as a bright rim (or blur as a dim one), and the preprocessing lifts every garment
// pixel to at least GARMENT_FLOOR. The background (0) stays 0, as the segmentation mask keeps it.
// Also tried, and dropped because the domain-shift proof did about a point worse with them
// (docs/your-garments.md): downscaling to fewer pixels across, and filling enclosed gaps dim.
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
} as const;

const between = (rng: Random, [lo, hi]: readonly [number, number]) => lo + rng.next() * (hi - lo);

/** Changes one image in place: floats in [0, 1] at `offset` in `img`. `scratch` holds PIXELS floats. */
export function cameraLike(img: Float32Array, offset: number, rng: Random, scratch: Float32Array): void {
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

