// The user's garments split into a part to train on and a part held out to judge by, by
// garment and not by photo: five photos of one coat all land on the same side, or the held-out
// score would reward remembering that coat.
import { Random } from '../training/random.js';
import type { UserSample } from './user-dataset.js';

export interface GarmentSplit { train: UserSample[]; heldOut: UserSample[] }

/** About `heldOutShare` of the garments (not photos) go to the held-out part; the same seed, the same split. */
export function splitByGarment(samples: UserSample[], heldOutShare: number, seed: number): GarmentSplit {
  const garments = [...new Set(samples.map((s) => s.garment))].sort();
  const order = new Random(seed).shuffle(garments.length);
  const heldOutCount = Math.round(garments.length * heldOutShare);
  const heldOut = new Set(Array.from(order.subarray(0, heldOutCount), (i) => garments[i]));
  return {
    train: samples.filter((s) => !heldOut.has(s.garment)),
    heldOut: samples.filter((s) => heldOut.has(s.garment)),
  };
}
