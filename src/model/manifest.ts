// manifest.json: what a model is, how it was made, and how to check a copy of it. The sorter
// and the push tool trust a model directory only after checking it against this.
import type { AverageRecord, EpochRecord, TrainSettings } from '../training/train-types.js';

export const MANIFEST = 'manifest.json';
export const MANIFEST_SCHEMA_VERSION = 1;
/** Bumped when the camera → 28×28 pipeline changes in a way a model would notice. */
export const PREPROCESSING_VERSION = 1;

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
}

export const INPUT_SPEC: Manifest['input'] = {
  dtype: 'float32',
  shape: [null, 28, 28, 1],
  scale: 'pixel/255',
  polarity: 'garment bright on a dark background, as in Fashion-MNIST',
};
