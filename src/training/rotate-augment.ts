// Turning a 28×28 garment, for training a model that sees garments the pose step has put
// upright (off by a few degrees, since a mask's axis is only an estimate) and whose side it
// cannot always tell (a quarter or half turn away). Bilinear, about the image centre; corners
// the turn brings in are background (0), as the segmentation mask makes them.
import { IMAGE_SIZE } from '../dataset/classes.js';
import { bilinear } from '../pose/turn-map.js';
import type { Random } from './random.js';

const CENTRE = (IMAGE_SIZE - 1) / 2;

/** Turns the image at `offset` in place by `degrees` (counter-clockwise on screen). `scratch` holds PIXELS floats. */
export function rotateInPlace(img: Float32Array, offset: number, degrees: number, scratch: Float32Array): void {
  const rad = (degrees * Math.PI) / 180;
  // Exact quarter turns stay exact: cos(90°) in floats is 6e-17, which would blur nothing but
  // still costs a neighbour read per pixel.
  const cos = Math.abs(Math.cos(rad)) < 1e-12 ? 0 : Math.cos(rad);
  const sin = Math.abs(Math.sin(rad)) < 1e-12 ? 0 : Math.sin(rad);
  const image = img.subarray(offset, offset + IMAGE_SIZE * IMAGE_SIZE);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      // Where this output pixel comes from: the inverse turn.
      const dx = x - CENTRE;
      const dy = y - CENTRE;
      const sx = CENTRE + cos * dx - sin * dy;
      const sy = CENTRE + sin * dx + cos * dy;
      scratch[y * IMAGE_SIZE + x] = bilinear(image, IMAGE_SIZE, IMAGE_SIZE, sx, sy);
    }
  }
  img.set(scratch.subarray(0, IMAGE_SIZE * IMAGE_SIZE), offset);
}

/**
 * The turn for one training image: a small angle up to ±`jitter` degrees and, with probability
 * `turn`, one of the three other quarter turns. Draws nothing when both are off, so recipes
 * without rotation repeat exactly as before.
 */
export function drawTurn(rng: Random, jitter: number, turn: number): number {
  let degrees = 0;
  if (jitter > 0) degrees += (rng.next() * 2 - 1) * jitter;
  if (turn > 0 && rng.next() < turn) degrees += 90 * rng.int(1, 3);
  return degrees;
}
