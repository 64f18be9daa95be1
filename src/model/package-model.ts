// Turns trained weights into a model directory the sorter can trust: model.json, weights.bin
// and a manifest with calibration, metrics, training facts, checksums and golden inputs.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_COUNT, CLASS_NAMES, PIXELS } from '../dataset/classes.js';
import type { FashionMnist, Split } from '../dataset/fashion-mnist.js';
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood, applyTemperature } from '../evaluation/calibration.js';
import type { Evaluation } from '../evaluation/evaluate.js';
import type { AverageRecord, EpochRecord, TrainSettings } from '../training/train-types.js';
import { INPUT_SPEC, MANIFEST, MANIFEST_SCHEMA_VERSION, PREPROCESSING_VERSION, type GoldenInput, type Manifest } from './manifest.js';
import { MODEL_JSON, WEIGHTS_BIN } from './model-files.js';
import { predictOne } from './predict-one.js';

export const GOLDEN_COUNT = 4;

export interface PackageInput {
  weightsDir: string;
  outDir: string;
  model: tf.LayersModel;
  validationProbs: Float32Array;
  validation: Split;
  testProbs: Float32Array;
  evaluation: (temperature: number) => Evaluation;
  data: FashionMnist;
  settings: TrainSettings;
  history: EpochRecord[];
  bestEpoch: number;
  average?: AverageRecord;
  backend: string;
}

/** A manifest's entry for a file in `dir`: path, sha256 and size. */
export function fileEntry(dir: string, path: string) {
  const bytes = readFileSync(join(dir, path));
  return { path, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/** One test image per class among the first few, with the model's raw outputs for them. */
function goldenInputs(model: tf.LayersModel, test: Split): GoldenInput[] {
  const picked: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < test.count && picked.length < GOLDEN_COUNT; i++) {
    if (!seen.has(test.labels[i])) { seen.add(test.labels[i]); picked.push(i); }
  }
  return picked.map((i) => {
    const bytes = test.images.subarray(i * PIXELS, (i + 1) * PIXELS);
    const probs = predictOne(model, bytes);
    return { pixels: Buffer.from(bytes).toString('base64'), label: test.labels[i], probabilities: Array.from(probs) };
  });
}

export function packageModel(input: PackageInput): { manifest: Manifest; evaluation: Evaluation } {
  const { validationProbs: vp, validation } = input;
  const temperature = fitTemperature(vp, validation.labels, CLASS_COUNT);
  const evaluation = input.evaluation(temperature);
  const staging = `${input.outDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const f of [MODEL_JSON, WEIGHTS_BIN]) copyFileSync(join(input.weightsDir, f), join(staging, f));
  const files = [fileEntry(staging, MODEL_JSON), fileEntry(staging, WEIGHTS_BIN)];
  const date = new Date().toISOString();
  const manifest: Manifest = {
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    modelId: `${input.settings.arch}-${date.slice(0, 10).replace(/-/g, '')}-${files[1].sha256.slice(0, 8)}`,
    classNames: [...CLASS_NAMES],
    input: INPUT_SPEC,
    preprocessingVersion: PREPROCESSING_VERSION,
    calibration: {
      temperature,
      fittedOn: `validation slice: the last ${validation.count} training images`,
      nllBefore: negativeLogLikelihood(vp, validation.labels, CLASS_COUNT, 1),
      nllAfter: negativeLogLikelihood(vp, validation.labels, CLASS_COUNT, temperature),
      eceBefore: expectedCalibrationError(vp, validation.labels, CLASS_COUNT),
      eceAfter: expectedCalibrationError(applyTemperature(vp, temperature, CLASS_COUNT), validation.labels, CLASS_COUNT),
    },
    metrics: {
      testAccuracy: evaluation.accuracy,
      testCount: evaluation.count,
      perClassAccuracy: Object.fromEntries(evaluation.perClass.map((c) => [c.name, c.recall])),
    },
    training: {
      architecture: input.settings.arch,
      settings: input.settings,
      bestEpoch: input.bestEpoch,
      ...(input.average ? { average: input.average } : {}),
      history: input.history,
      backend: input.backend,
      tfjsVersion: tf.version.tfjs,
      datasetChecksums: input.data.checksums,
      officialDataset: input.data.official,
      date,
    },
    files,
    golden: goldenInputs(input.model, input.data.test),
  };
  writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  // The finished directory appears in one rename; a crash leaves only the staging copy.
  rmSync(input.outDir, { recursive: true, force: true });
  renameSync(staging, input.outDir);
  return { manifest, evaluation };
}
