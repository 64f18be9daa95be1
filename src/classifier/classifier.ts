// The model as the sorter uses it: loaded only after its manifest and checksums check out,
// warmed up so the first garment is not slow, and with calibrated confidences.
import { PIXELS } from '../dataset/classes.js';
import { applyTemperature } from '../evaluation/calibration.js';
import { openVerifiedModel } from '../model/verify-model.js';
import type { Manifest } from '../model/manifest.js';
import { predictOne } from '../model/predict-one.js';

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
  /** `pixels`: 28×28 bytes, garment bright on black, as preprocessing makes them. */
  classify(pixels: Uint8Array): Classification;
  dispose(): void;
}

export const WARM_UP_RUNS = 3;

export async function loadClassifier(dir: string): Promise<Classifier> {
  const { manifest, model } = await openVerifiedModel(dir);
  const run = (pixels: Uint8Array) => predictOne(model, pixels);
  // The first predictions compile kernels and allocate; do that now, not on the first garment.
  for (let i = 0; i < WARM_UP_RUNS; i++) run(new Uint8Array(PIXELS));
  return {
    modelId: manifest.modelId,
    manifest,
    classify(pixels) {
      const probabilities = Array.from(applyTemperature(run(pixels), manifest.calibration.temperature));
      let best = 0;
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
      return { classIndex: best, className: manifest.classNames[best], confidence: probabilities[best], probabilities };
    },
    dispose: () => model.dispose(),
  };
}
