// A model directory opened as the sorter runs it: the garment model and, when the directory
// carries one, its upright finder, both checked. What the sorter loads, `model verify` checks,
// and `eval --against` and `push` compare.
import type * as tf from '@tensorflow/tfjs';
import { openVerifiedModel, type VerifiedModel } from '../model/verify-model.js';
import { openUprightFinder } from './open-finder.js';

/** `golden`: both nets reproduced their golden outputs (`goldenDifference` is the garment model's). */
export interface OpenedSortingModel extends VerifiedModel {
  finder?: tf.LayersModel;
  dispose(): void;
}

export async function openSortingModel(dir: string, options: { golden?: boolean } = {}): Promise<OpenedSortingModel> {
  const verified = await openVerifiedModel(dir, options);
  const { manifest, model } = verified;
  const finder = await openUprightFinder(dir, manifest, options).catch((err) => { model.dispose(); throw err; });
  return { ...verified, ...(finder ? { finder } : {}), dispose: () => { model.dispose(); finder?.dispose(); } };
}
