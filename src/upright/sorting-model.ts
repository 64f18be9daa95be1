// A model directory opened as the sorter runs it: the garment model and, when the directory
// carries one, its upright finder, both checked. What `eval --against` and `push` compare.
import type * as tf from '@tensorflow/tfjs';
import type { Manifest } from '../model/manifest.js';
import { openVerifiedModel } from '../model/verify-model.js';
import { openUprightFinder } from './open-finder.js';

export interface OpenedSortingModel {
  manifest: Manifest;
  model: tf.LayersModel;
  finder?: tf.LayersModel;
  dispose(): void;
}

export async function openSortingModel(dir: string, options: { golden?: boolean } = {}): Promise<OpenedSortingModel> {
  const { manifest, model } = await openVerifiedModel(dir, options);
  const finder = await openUprightFinder(dir, manifest, options).catch((err) => { model.dispose(); throw err; });
  return { manifest, model, ...(finder ? { finder } : {}), dispose: () => { model.dispose(); finder?.dispose(); } };
}
