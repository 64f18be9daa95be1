// A tiny camera frame for colour tests: a tray with a garment square in the middle, under a
// light given as linear gains per channel, and the mask and background the sorter would find.
import { LINEAR, toSrgb8 } from '../../src/colour/oklab.js';
import type { RgbImage } from '../../src/preprocess/frame.js';

export type Rgb = [number, number, number];

/** A 64×64 frame: a tray of `tray` colour with a garment square in the middle, all under `light` (linear gains). */
export function scene(garment: (x: number, y: number) => Rgb, tray: Rgb, light: Rgb, size = 64, inset = 12) {
  const data = new Uint8Array(size * size * 3);
  const mask = new Uint8Array(size * size);
  const background = new Float32Array(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = y * size + x;
      const inside = x >= inset && x < size - inset && y >= inset && y < size - inset;
      mask[p] = inside ? 1 : 0;
      const colour = inside ? garment(x, y) : tray;
      for (let c = 0; c < 3; c++) {
        data[p * 3 + c] = toSrgb8(LINEAR[colour[c]] * light[c]);
        background[p * 3 + c] = toSrgb8(LINEAR[tray[c]] * light[c]);
      }
    }
  }
  const img: RgbImage = { width: size, height: size, data };
  return { img, mask, background };
}

export const WARM: Rgb = [1.0, 0.78, 0.5]; // about 3000 K against daylight
export const COOL: Rgb = [0.8, 0.9, 1.0];
export const WHITE_LIGHT: Rgb = [1, 1, 1];
export const GREY_TRAY: Rgb = [200, 200, 200];

