// A fine-tune of a model that carries an upright finder keeps it: the finder looks only at the
// garment's shape and turn, not at the garment model's weights, so the new garment model is
// paired with the same finder (checked against its golden outputs when opened) and gets its own id.
import type * as tf from '@tensorflow/tfjs';
import type { Manifest, UprightRecord } from '../model/manifest.js';
import { readManifest } from '../model/verify-model.js';
import { attachUpright } from './attach-upright.js';
import { openUprightFinder } from './open-finder.js';

/** A finder as a model directory carries it: the net, checked, and its manifest record (recipe, scores). */
export interface CarriedFinder { model: tf.LayersModel; record: UprightRecord }

/** The finder `fromDir` carries, checked, read once before training; undefined when it carries none. */
export async function finderOf(fromDir: string): Promise<CarriedFinder | undefined> {
  const manifest = readManifest(fromDir);
  const model = await openUprightFinder(fromDir, manifest, { golden: true });
  return model && manifest.upright ? { model, record: manifest.upright } : undefined;
}

/** Pairs the model in `modelDir`, in place, with the finder `finderOf` opened. */
export async function carryUpright(finder: CarriedFinder, modelDir: string, backend: string): Promise<Manifest> {
  const { model, record } = finder;
  return attachUpright(modelDir, {
    model, settings: record.settings, history: record.history, stopped: 'completed',
    testAccuracy: record.testTurnAccuracy, perClassAccuracy: record.perClassTurnAccuracy,
  }, modelDir, backend);
}
