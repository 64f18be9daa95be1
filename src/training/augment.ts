// Augmentation for 28×28 garments, done in JS on the batch before it becomes a tensor.
// Flips are safe for every class (a left shoe flipped is a right shoe); shifts stand in for
// imperfect centring by the camera preprocessing; erasing stands in for occlusion and folds;
// `camera` for the light, focus and contrast of real frames (camera-augment.ts); `rotate` and
// `turn` for garments put down at any angle and turned upright by the pose step (src/pose).
import { IMAGE_SIZE, PIXELS } from '../dataset/classes.js';
import { cameraLike } from './camera-augment.js';
import type { Random } from './random.js';
import { drawTurn, rotateInPlace } from './rotate-augment.js';

export interface AugmentOptions {
  /** Largest shift in pixels, each axis. 0 turns shifting off. */
  shift: number;
  flip: boolean;
  /** Probability of erasing one random rectangle. */
  erase: number;
  /** Probability of making an image look as it would through a camera (absent in older runs: 0). */
  camera?: number;
  /** Largest small turn, ± degrees: the pose step's alignment error (absent in older runs: 0). */
  rotate?: number;
  /** Probability of a quarter, half or three-quarter turn: the pose step's side left undecided (absent in older runs: 0). */
  turn?: number;
  /**
   * Label smoothing for quarter-turned images only (absent in older runs: 0): the model learns
   * to be surer of a garment the right way up than turned, so the most confident of a garment's
   * views is the upright one (src/pose/combine-views.ts, rule `max`).
   */
  turnSmoothing?: number;
}

export const NO_AUGMENT: AugmentOptions = { shift: 0, flip: false, erase: 0, camera: 0 };
export const DEFAULT_AUGMENT: AugmentOptions = { shift: 2, flip: true, erase: 0.5 };

/** Writes one image, augmented, into `out` at `offset` as floats in [0, 1]. True when it was quarter-turned. */
export function augmentInto(src: Uint8Array, srcOffset: number, out: Float32Array, offset: number, opts: AugmentOptions, rng: Random, scratch = new Float32Array(PIXELS)): boolean {
  const dx = opts.shift > 0 ? rng.int(-opts.shift, opts.shift) : 0;
  const dy = opts.shift > 0 ? rng.int(-opts.shift, opts.shift) : 0;
  const flip = opts.flip && rng.next() < 0.5;
  for (let y = 0; y < IMAGE_SIZE; y++) {
    const sy = y - dy;
    for (let x = 0; x < IMAGE_SIZE; x++) {
      const sx0 = x - dx;
      const sx = flip ? IMAGE_SIZE - 1 - sx0 : sx0;
      const inside = sy >= 0 && sy < IMAGE_SIZE && sx >= 0 && sx < IMAGE_SIZE;
      out[offset + y * IMAGE_SIZE + x] = inside ? src[srcOffset + sy * IMAGE_SIZE + sx] / 255 : 0;
    }
  }
  if (opts.erase > 0 && rng.next() < opts.erase) {
    const h = rng.int(4, 12);
    const w = rng.int(4, 12);
    const top = rng.int(0, IMAGE_SIZE - h);
    const left = rng.int(0, IMAGE_SIZE - w);
    for (let y = top; y < top + h; y++) out.fill(0, offset + y * IMAGE_SIZE + left, offset + y * IMAGE_SIZE + left + w);
  }
  const degrees = drawTurn(rng, opts.rotate ?? 0, opts.turn ?? 0);
  if (degrees !== 0) rotateInPlace(out, offset, degrees, scratch);
  const quarterTurned = Math.abs(degrees) > 45;
  // Last, so erased parts read as tray (0) and are left alone, as the mask would.
  if ((opts.camera ?? 0) > 0 && rng.next() < opts.camera!) cameraLike(out, offset, rng, scratch);
  return quarterTurned;
}

/** Gathers `indices` from a split's pixels into one [n·784] float batch; `turned[i]` is 1 where image i was quarter-turned. */
export function makeBatch(pixels: Uint8Array, indices: ArrayLike<number>, opts: AugmentOptions, rng: Random, turned?: Uint8Array): Float32Array {
  const out = new Float32Array(indices.length * PIXELS);
  const scratch = new Float32Array(PIXELS);
  for (let i = 0; i < indices.length; i++) {
    const t = augmentInto(pixels, indices[i] * PIXELS, out, i * PIXELS, opts, rng, scratch);
    if (turned) turned[i] = t ? 1 : 0;
  }
  return out;
}
