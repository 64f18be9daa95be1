import type { ArchitectureName } from '../model/architectures.js';
import type { AugmentOptions } from './augment.js';
import type { Schedule } from './lr-schedule.js';
import type { DistillSettings } from './teachers.js';

/** Everything that decides what model training produces; stored with the checkpoint and the model. */
export interface TrainSettings {
  arch: ArchitectureName;
  epochs: number;
  batchSize: number;
  schedule: Schedule;
  augment: AugmentOptions;
  seed: number;
  /** Stop after this many epochs without a better validation accuracy; 0 never stops early. */
  patience: number;
  /** Train on the first N training images only (quick tries, tests). */
  limit?: number;
  /** Decoupled weight decay (AdamW): each step, kernels shrink by lr × this. Absent or 0: none. */
  weightDecay?: number;
  /** Also average the weights from epoch `from` on, `perEpoch` times an epoch (fine-tunes). */
  average?: { from: number; perEpoch: number };
  /**
   * Worker threads the batches are shared out to (data-parallel); 1 or absent trains in the
   * calling thread. Part of what decides the model: BatchNorm sees each worker's share.
   */
  workers?: number;
  /** Knowledge distillation: the teachers and how much of the target is theirs. */
  distill?: DistillSettings;
  /** The model a fine-tune started from, so its manifest says where its weights came from. */
  fineTunedFrom?: string;
  /** Garments mixed in beside Fashion-MNIST (`--extra`): the folder, its share of each epoch, how many photos went in. */
  extra?: { dataset: string; share: number; trainPhotos: number; heldOutPhotos: number };
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  accuracy: number;
  valLoss: number;
  valAccuracy: number;
  /** Accuracy on the user's validation garments, when fine-tuning with them. */
  extraValAccuracy?: number;
  learningRate: number;
  seconds: number;
  imagesPerSecond: number;
}

/** The run's weight average, which is then its result, and how it did on validation. */
export interface AverageRecord {
  /** Points along the path averaged. */
  samples: number;
  valAccuracy: number;
  extraValAccuracy?: number;
}

export interface BatchProgress {
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  loss: number;
  accuracy: number;
  imagesPerSecond: number;
  etaSeconds: number;
}
