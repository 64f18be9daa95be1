// The model as the sorter uses it: loaded only after its manifest and checksums check out,
// warmed up so the first garment is not slow, and with calibrated confidences.
import type * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../dataset/classes.js';
import { applyTemperature } from '../evaluation/calibration.js';
import { decodeGolden, openVerifiedModel } from '../model/verify-model.js';
import type { Manifest } from '../model/manifest.js';
import { buildFusedForward } from '../model/fused-forward.js';
import { predictOne, type Forward } from '../model/predict-one.js';

export interface Classification {
  classIndex: number;
  className: string;
  /** Calibrated probability of the chosen class. */
  confidence: number;
  /** All calibrated probabilities, in class order. */
  probabilities: number[];
}

export interface Classifier {
  readonly modelId: string;
  readonly manifest: Manifest;
  /** `fused` when the batch norms are folded into the layers before them (same outputs, fewer kernels). */
  readonly forward: 'fused' | 'layers';
  /** `pixels`: 28×28 bytes, garment bright on black, as preprocessing makes them. */
  classify(pixels: Uint8Array): Classification;
  dispose(): void;
}

export const WARM_UP_RUNS = 3;
/** The fused pass is used only if it gives the model's own outputs to within float rounding. */
export const FUSED_TOLERANCE = 1e-5;

/** The fused pass when the model allows one and it reproduces model.predict on the golden inputs. */
function fastestForward(model: tf.LayersModel, manifest: Manifest): { forward?: Forward; dispose: () => void } {
  const fused = buildFusedForward(model);
  if (!fused) return { dispose: () => {} };
  for (const g of manifest.golden) {
    const pixels = decodeGolden(g.pixels);
    const a = predictOne(model, pixels);
    const b = predictOne(model, pixels, fused.run);
    if (a.some((v, i) => Math.abs(v - b[i]) > FUSED_TOLERANCE)) {
      fused.dispose();
      return { dispose: () => {} };
    }
  }
  return { forward: fused.run, dispose: fused.dispose };
}

export async function loadClassifier(dir: string): Promise<Classifier> {
  const { manifest, model } = await openVerifiedModel(dir);
  const fast = fastestForward(model, manifest);
  const run = (pixels: Uint8Array) => predictOne(model, pixels, fast.forward);
  // The first predictions compile kernels and allocate; do that now, not on the first garment.
  for (let i = 0; i < WARM_UP_RUNS; i++) run(new Uint8Array(PIXELS));
  return {
    modelId: manifest.modelId,
    manifest,
    forward: fast.forward ? 'fused' : 'layers',
    classify(pixels) {
      const probabilities = Array.from(applyTemperature(run(pixels), manifest.calibration.temperature));
      let best = 0;
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
      return { classIndex: best, className: manifest.classNames[best], confidence: probabilities[best], probabilities };
    },
    dispose: () => { fast.dispose(); model.dispose(); },
  };
}
