// A fine-tune of a model that carries an upright finder keeps it: the finder looks only at the
// garment's shape and turn, not at the garment model's weights, so the new garment model is
// paired with the same finder (checked against its golden outputs when opened) and gets its own id.
import type * as tf from '@tensorflow/tfjs';
import type { Manifest } from '../model/manifest.js';
import { readManifest } from '../model/verify-model.js';
import { attachUpright } from './attach-upright.js';
import { openUprightFinder } from './open-finder.js';

/** The finder `fromDir` carries, checked; undefined when it carries none. */
export async function finderOf(fromDir: string): Promise<tf.LayersModel | undefined> {
  return openUprightFinder(fromDir, readManifest(fromDir), { golden: true });
}

/** Pairs the model in `modelDir`, in place, with `finder`: the one `fromDir` carries (from finderOf). */
export async function carryUpright(fromDir: string, finder: tf.LayersModel, modelDir: string, backend: string): Promise<Manifest> {
  const record = readManifest(fromDir).upright;
  if (!record) throw new Error(`${fromDir} carries no upright finder to pass on`);
  return attachUpright(modelDir, {
    model: finder, settings: record.settings, history: record.history, stopped: 'completed',
    testAccuracy: record.testTurnAccuracy, perClassAccuracy: record.perClassTurnAccuracy,
  }, modelDir, backend);
}
