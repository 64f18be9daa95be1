// What `train --from … --extra …` adds to a training run: the starting model, the user's
// garments split by garment into a part mixed into training and a part held out, and the
// held-out accuracy of the old and the new model side by side.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { Split } from '../dataset/fashion-mnist.js';
import { UserError } from '../errors/user-error.js';
import { predictViewClasses, type SortingModel } from '../evaluation/predict-views.js';
import { gainInterval, type GainInterval } from '../evaluation/gain-interval.js';
import { accuracyOf } from '../evaluation/metrics.js';
import { loadModel } from '../model/model-files.js';
import { openVerifiedModel } from '../model/verify-model.js';
import type { ArchitectureName } from '../model/architectures.js';
import { splitByGarment } from '../user-dataset/garment-split.js';
import { loadUserSplit } from '../user-dataset/load-user-split.js';
import { readUserDataset } from '../user-dataset/user-dataset.js';

export interface Extra {
  dir: string;
  train: Split;
  /** Garments kept out of training to pick the best epoch by (empty unless asked for). */
  validation: Split;
  heldOut: Split;
  /** The garment of each held-out photo, in order: a gain is judged garment by garment. */
  heldOutGarments: string[];
  garments: { train: number; validation: number; heldOut: number };
}

export async function startFrom(dir: string): Promise<{ model: tf.LayersModel; modelId: string; arch: ArchitectureName }> {
  const { model, manifest } = await openVerifiedModel(dir);
  return { model, modelId: manifest.modelId, arch: manifest.training.architecture as ArchitectureName };
}

/**
 * The held-out part is split off first, so `eval` and `push --gate` (which ask for no
 * validation part) judge on exactly the garments `train` held out with the same seed.
 */
export async function loadExtra(dir: string, heldOutShare: number, seed: number, validationShare = 0): Promise<Extra> {
  const samples = [...readUserDataset(dir).values()];
  if (samples.length === 0) throw new UserError(`${dir} has no labelled garments (samples.csv)`, { hint: 'fetch them with `laundry-sorter pull`', exitCode: 1 });
  const { train: rest, heldOut } = splitByGarment(samples, heldOutShare, seed);
  const { train, heldOut: validation } = splitByGarment(rest, validationShare / Math.max(1e-9, 1 - heldOutShare), seed + 1);
  const garmentsIn = (part: typeof samples) => new Set(part.map((s) => s.garment)).size;
  return {
    dir, train: await loadUserSplit(dir, train), validation: await loadUserSplit(dir, validation), heldOut: await loadUserSplit(dir, heldOut),
    heldOutGarments: heldOut.map((s) => s.garment),
    garments: { train: garmentsIn(train), validation: garmentsIn(validation), heldOut: garmentsIn(heldOut) },
  };
}

export interface HeldOutResult {
  before: number;
  after: number;
  /** The gain with its 95% range over garments (NaN without a starting model). */
  gain: GainInterval;
}

/**
 * The held-out garments before (the starting model) and after (the new best weights), each
 * scored as the sorter scores it (its four views), as `eval --against` does; written to
 * report/user-held-out.json.
 */
export async function compareHeldOut(extra: Extra, before: SortingModel | undefined, afterDir: string, outDir: string, finder?: tf.LayersModel): Promise<HeldOutResult> {
  const after = await loadModel(afterDir);
  const labels = extra.heldOut.labels.subarray(0, extra.heldOut.count);
  // `finder`: the upright finder the new model will carry, so it is scored as it will sort.
  const afterPredicted = predictViewClasses({ model: after, ...(finder ? { finder } : {}) }, extra.heldOut);
  after.dispose();
  const beforePredicted = before ? predictViewClasses(before, extra.heldOut) : undefined;
  const result: HeldOutResult = {
    before: beforePredicted ? accuracyOf(labels, beforePredicted) : NaN,
    after: accuracyOf(labels, afterPredicted),
    gain: beforePredicted ? gainInterval(labels, beforePredicted, afterPredicted, extra.heldOutGarments) : { gain: NaN, low: NaN, high: NaN },
  };
  mkdirSync(join(outDir, 'report'), { recursive: true });
  writeFileSync(join(outDir, 'report', 'user-held-out.json'), `${JSON.stringify({ dataset: extra.dir, photos: extra.heldOut.count, garments: extra.garments.heldOut, ...result }, null, 1)}\n`);
  return result;
}
