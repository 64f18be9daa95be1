// Small real training runs for tests: a few hundred real Fashion-MNIST images, a few epochs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PIXELS } from '../../src/dataset/classes.js';
import type { FashionMnist, Split } from '../../src/dataset/fashion-mnist.js';
import { initBackend } from '../../src/model/backend.js';
import { NO_AUGMENT } from '../../src/training/augment.js';
import { train, type TrainRun } from '../../src/training/train.js';
import type { TrainSettings } from '../../src/training/train-types.js';
import { realImages, realLabels } from './tiny-data.js';
import { tempDir } from './temp-dir.js';

export function realSplit(kind: 'train' | 'test', count: number, offset = 0): Split {
  const images = realImages(kind === 'train' ? 'trainImages' : 'testImages', offset + count).slice(offset * PIXELS);
  const labels = realLabels(kind === 'train' ? 'trainLabels' : 'testLabels', offset + count).slice(offset);
  return { count, images, labels };
}

export function tinyData(trainCount: number, testCount: number): FashionMnist {
  return {
    dir: 'test', train: realSplit('train', trainCount), test: realSplit('test', testCount),
    checksums: { trainImages: 'x', trainLabels: 'x', testImages: 'x', testLabels: 'x' }, official: false,
  };
}

export function settings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return {
    arch: 'mlp', epochs: 2, batchSize: 32, schedule: { name: 'constant', base: 0.002, warmup: 0 },
    augment: NO_AUGMENT, seed: 7, patience: 0, ...overrides,
  };
}

export async function tinyTrain(outDir: string, s: TrainSettings, extra: Partial<TrainRun> = {}) {
  const backend = await initBackend();
  return train({ settings: s, fit: realSplit('train', 320), validation: realSplit('train', 100, 320), outDir, backend: backend.name, ...extra });
}

/** One run straight through, and the same run stopped after `stopAfter` batches and resumed. */
export async function straightAndResumed(s: TrainSettings, stopAfter: number) {
  const straight = tempDir();
  await tinyTrain(straight, s);
  const split = tempDir();
  let batches = 0;
  const stopped = await tinyTrain(split, s, { shouldStop: () => ++batches > stopAfter });
  const resumed = await tinyTrain(split, s, { resume: true });
  return { straight, split, stopped, resumed };
}

/** The weight bytes of a layers-format directory (a checkpoint, best/ or average/), for exact comparisons. */
export const weightsOf = (dir: string): Buffer => readFileSync(join(dir, 'weights.bin'));
