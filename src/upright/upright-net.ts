// The upright finder: a small CNN that tells which quarter turn a garment's 28×28 is away from
// upright (0, 90, 180 or 270° counter-clockwise). Pose estimation straightens a garment along
// its long axis but cannot tell which end is up; the finder can, so the garment model itself
// only ever has to know garments the right way up, and keeps the accuracy it has upright.
// About 90k parameters and 0.5 M multiply-adds: a fifteenth of the garment model's work.
import type * as tf from '@tensorflow/tfjs';
import { sorterNet } from '../model/architectures.js';
import type { ViewTurn } from '../pose/views.js';

/** The finder's outputs, in order: how far the image is turned from upright. */
export const UPRIGHT_TURNS: readonly ViewTurn[] = [0, 90, 180, 270];

/** The garment net's shape, narrower: conv blocks of 16/32/64, then Dense 64 → 4 turns, seeded. */
export function buildUprightNet(seed: number): tf.LayersModel {
  return sorterNet('upright', [16, 32, 64], seed, 64, UPRIGHT_TURNS.length);
}
