// manifest.json: what a model is, how it was made, and how to check a copy of it. The sorter
// and the push tool trust a model directory only after checking it against this.
import type { AverageRecord, EpochRecord, TrainSettings } from '../training/train-types.js';
import type { UprightSettings } from '../upright/train-upright.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 1;
/** Bumped when the camera → 28×28 pipeline changes in a way a model would notice. */
export const PREPROCESSING_VERSION = 1;

/**
 * Model ids name directories beside the `current` and `previous` pointers on a device, so an
 * id must be a plain directory name that can never be a pointer's: lowercase letters, digits
 * and hyphens, at least one hyphen (pointer names have none), 3 to 64 characters.
 */
export const MODEL_ID_PATTERN = /^(?=.{3,64}$)[a-z0-9]+(?:-[a-z0-9]+)+$/;

/** Why `id` is not a usable model id, or undefined when it is. */
export function modelIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return `modelId must be a string, got ${JSON.stringify(id)}`;
  if (MODEL_ID_PATTERN.test(id)) return undefined;
  return `modelId ${JSON.stringify(id.slice(0, 80))} is not allowed: use 3–64 lowercase letters, digits and hyphens, with at least one hyphen (e.g. sorter-20261130-2a3f5e1d), so it can never be a path or a pointer name such as current`;
}

export interface FileEntry { path: string; sha256: string; bytes: number }

export interface GoldenInput {
  /** 784 bytes, base64: the 28×28 image as stored in Fashion-MNIST. */
  pixels: string;
  label: number;
  /** The model's raw softmax output (before temperature) for pixels/255. */
  probabilities: number[];
}

export interface Manifest {
  schemaVersion: number;
  modelId: string;
  classNames: string[];
  input: { dtype: 'float32'; shape: [null, 28, 28, 1]; scale: 'pixel/255'; polarity: string };
  preprocessingVersion: number;
  calibration: { temperature: number; fittedOn: string; nllBefore: number; nllAfter: number; eceBefore: number; eceAfter: number };
  metrics: { testAccuracy: number; testCount: number; perClassAccuracy: Record<string, number> };
  training: {
    architecture: string;
    settings: TrainSettings;
    bestEpoch: number;
    /** Present when these weights are the average of the run's path rather than its best epoch. */
    average?: AverageRecord;
    history: EpochRecord[];
    backend: string;
    tfjsVersion: string;
    datasetChecksums: Record<string, string>;
    officialDataset: boolean;
    date: string;
  };
  files: FileEntry[];
  golden: GoldenInput[];
  /** The upright finder carried beside the garment model (src/upright), when there is one. */
  upright?: UprightRecord;
}

/** The finder's files (listed in `files` too, so checked like the model's), how it was made, and how good it is. */
export interface UprightRecord {
  json: string;
  weights: string;
  /** Share of the turned test set whose quarter turn it names, overall and per garment class. */
  testTurnAccuracy: number;
  perClassTurnAccuracy: Record<string, number>;
  settings: UprightSettings;
  history: EpochRecord[];
  backend: string;
  tfjsVersion: string;
  date: string;
  /** Test images with the finder's raw outputs (4 turn probabilities), checked at every load. */
  golden: Omit<GoldenInput, 'label'>[];
}

export const INPUT_SPEC: Manifest['input'] = {
  dtype: 'float32',
  shape: [null, 28, 28, 1],
  scale: 'pixel/255',
  polarity: 'garment bright on a dark background, as in Fashion-MNIST',
};
