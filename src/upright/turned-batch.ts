// Training and test batches for the upright finder: garments augmented as for the garment
// model (shifts, flips, erasing, the few degrees pose estimation leaves), then each turned by
// a random quarter turn, which is its label.
import { PIXELS } from '../dataset/classes.js';
import { makeBatch, type AugmentOptions } from '../training/augment.js';
import type { Random } from '../training/random.js';
import { quarterTurnSources } from '../pose/views.js';
import { UPRIGHT_TURNS } from './upright-net.js';

export interface TurnedBatch {
  /** count × 784 floats in [0, 1]. */
  pixels: Float32Array;
  /** Index into UPRIGHT_TURNS of each image's turn. */
  turns: Int32Array;
}

export function turnedBatch(images: Uint8Array, indices: ArrayLike<number>, augment: AugmentOptions, rng: Random): TurnedBatch {
  const upright = makeBatch(images, indices, augment, rng);
  const pixels = new Float32Array(upright.length);
  const turns = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    turns[i] = rng.int(0, UPRIGHT_TURNS.length - 1);
    const from = quarterTurnSources(UPRIGHT_TURNS[turns[i]]);
    const at = i * PIXELS;
    for (let p = 0; p < PIXELS; p++) pixels[at + p] = upright[at + from[p]];
  }
  return { pixels, turns };
}
