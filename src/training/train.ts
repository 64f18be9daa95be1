// The training loop: seeded shuffling and augmentation in JS, one optimizer step per batch,
// validation and a checkpoint after every epoch, best weights kept by validation accuracy, and
// (fine-tunes) the mean of the weights along the way kept as the result.
import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { CLASS_COUNT } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { ARCHITECTURES } from '../model/architectures.js';
import { saveModel } from '../model/model-files.js';
import { makeBatch } from './augment.js';
import { batchLoss, type Batch } from './batch-loss.js';
import { DataParallel } from './parallel/data-parallel.js';
import { modelVariables } from './parallel/flat-weights.js';
import { predictSplit } from '../evaluation/predict.js';
import { accuracyOf, argmaxRows } from '../evaluation/metrics.js';
import { readCheckpoint, restoreAdamPowers, writeCheckpoint, type CheckpointState } from './checkpoint.js';
import { learningRateAt } from './lr-schedule.js';
import { Random } from './random.js';
import { WeightAverage } from './weight-average.js';
import { applyWeightDecay, decayedVariables } from './weight-decay.js';
import { distilledTargets, type Teachers } from './teachers.js';
import type { AverageRecord, BatchProgress, EpochRecord, TrainSettings } from './train-types.js';

export interface TrainRun {
  settings: TrainSettings;
  fit: Split;
  validation: Split;
  /**
   * The user's own garments kept for validation (fine-tunes): the best epoch is then the one
   * best on the mean of both accuracies, not the one that forgot least of Fashion-MNIST.
   */
  extraValidation?: Split;
  outDir: string;
  backend: string;
  resume?: boolean;
  /** Fine-tune: start from these weights instead of a fresh network of settings.arch. */
  from?: tf.LayersModel;
  /** Distillation: the loaded teachers of settings.distill (the caller opens and closes them). */
  teachers?: Teachers;
  /** On resume, train to this many epochs instead of the checkpoint's own count. */
  epochsOverride?: number;
  /** On resume, this many workers instead of the checkpoint's (the result then differs from an unbroken run). */
  workersOverride?: number;
  onBatch?: (p: BatchProgress) => void;
  onEpoch?: (e: EpochRecord, isBest: boolean) => void;
  /** Polled between batches; true ends the run, keeping the last whole-epoch checkpoint. */
  shouldStop?: () => boolean;
}

export interface TrainResult {
  /** The settings the run used: on resume, the checkpoint's. */
  settings: TrainSettings;
  history: EpochRecord[];
  bestEpoch: number;
  /** The best-by-validation epoch's weights, in the layers format. */
  bestDir: string;
  /** The run's result: the averaged weights when it kept an average, else the best epoch's. */
  weightsDir: string;
  stopped: 'completed' | 'early-stopped' | 'interrupted';
  /** How the averaged weights validated, when settings.average asked for them. */
  average?: AverageRecord;
}

export const bestDirOf = (outDir: string) => join(outDir, 'best');
export const averageDirOf = (outDir: string) => join(outDir, 'average');

/** Mean cross-entropy (probabilities clipped to [1e-7, 1 − 1e-7], as tfjs does) and accuracy over a split. */
export function measure(model: tf.LayersModel, split: Split): { loss: number; accuracy: number } {
  const probs = predictSplit(model, split);
  let lossSum = 0;
  for (let i = 0; i < split.count; i++) {
    const p = probs[i * CLASS_COUNT + split.labels[i]];
    lossSum -= Math.log(Math.min(1 - 1e-7, Math.max(1e-7, p)));
  }
  return { loss: lossSum / split.count, accuracy: accuracyOf(split.labels, argmaxRows(probs, CLASS_COUNT)) };
}

async function startingPoint(run: TrainRun) {
  if (run.resume) {
    const ckpt = await readCheckpoint(run.outDir);
    if (run.epochsOverride !== undefined) ckpt.state.settings = { ...ckpt.state.settings, epochs: run.epochsOverride };
    if (run.workersOverride !== undefined) ckpt.state.settings = { ...ckpt.state.settings, workers: run.workersOverride };
    return { model: ckpt.model, optimizerWeights: ckpt.optimizerWeights, adamPowers: ckpt.adamPowers, state: ckpt.state, average: ckpt.average };
  }
  const state: CheckpointState = {
    epochsDone: 0, rngState: run.settings.seed, history: [], bestEpoch: -1, bestValAccuracy: -1,
    settings: run.settings, backend: run.backend,
  };
  const model = run.from ?? ARCHITECTURES[run.settings.arch].build(run.settings.seed);
  return { model, optimizerWeights: undefined, adamPowers: undefined, state, average: undefined };
}

export async function train(run: TrainRun): Promise<TrainResult> {
  const { model, optimizerWeights, adamPowers, state, average: resumedAverage } = await startingPoint(run);
  const s = state.settings;
  if (s.distill && !run.teachers) throw new Error('this run distils from teachers, but none were loaded');
  const optimizer = tf.train.adam(s.schedule.base);
  // Restores Adam's moments and step count, so a resumed run takes the same steps it would have.
  if (optimizerWeights) await optimizer.setWeights(optimizerWeights);
  restoreAdamPowers(optimizer, adamPowers);
  const trainables = modelVariables(model).trainable;
  const decayed = decayedVariables(trainables);
  const rng = new Random(state.rngState);
  const batches = Math.ceil(run.fit.count / s.batchSize);
  const average = s.average ? resumedAverage ?? new WeightAverage() : undefined;
  let stopped: TrainResult['stopped'] = 'completed';
  const smoothing = s.augment.turnSmoothing ?? 0;
  const parallel = (s.workers ?? 1) > 1 ? await DataParallel.start(model, s.workers!, run.backend) : undefined;
  try {
    return await epochs();
  } finally {
    await parallel?.close();
  }

  /** One optimizer step on the batch, in this thread or shared out to the workers. */
  async function step(batch: Batch, lr: number): Promise<[loss: number, hits: number]> {
    const result = await gradientStep(batch);
    applyWeightDecay(decayed, lr, s.weightDecay ?? 0);
    return result;
  }

  async function gradientStep(batch: Batch): Promise<[loss: number, hits: number]> {
    if (parallel) {
      const r = await parallel.step(batch, smoothing);
      optimizer.applyGradients(r.grads as tf.NamedTensorMap as never);
      tf.dispose(Object.values(r.grads));
      return [r.loss, r.hits];
    }
    return tf.tidy(() => {
      let hits: tf.Scalar | undefined;
      const cost = optimizer.minimize(() => {
        const r = batchLoss(model, batch, smoothing);
        hits = r.hits;
        return r.loss;
      }, true, trainables)!;
      const out: [number, number] = [cost.dataSync()[0], hits!.dataSync()[0]];
      hits!.dispose();
      return out;
    });
  }

  async function epochs(): Promise<TrainResult> {
    for (let epoch = state.epochsDone; epoch < s.epochs; epoch++) {
      const order = rng.shuffle(run.fit.count);
      const started = performance.now();
      let lossSum = 0;
      let hitSum = 0;
      let seen = 0;
      let lr = s.schedule.base;
      /** Batch b of this epoch, augmented: the only user of the RNG within an epoch, so making it early keeps the draws in order. */
      const prepare = (b: number): Batch => {
        const idx = order.subarray(b * s.batchSize, Math.min((b + 1) * s.batchSize, run.fit.count));
        const turned = new Uint8Array(idx.length);
        const pixels = makeBatch(run.fit.images, idx, s.augment, rng, turned);
        const labels = Int32Array.from(idx, (i) => run.fit.labels[i]);
        const targets = run.teachers && s.distill ? distilledTargets(labels, run.teachers.answer(pixels, idx.length), s.distill.weight) : undefined;
        return { pixels, labels, turned, count: idx.length, ...(targets ? { targets } : {}) };
      };
      let next = prepare(0);
      for (let b = 0; b < batches; b++) {
        // tfjs on wasm is synchronous: without a turn of the event loop, signals (Ctrl-C) and
        // timers would wait for the end of the epoch. setImmediate costs microseconds.
        await new Promise((resolve) => setImmediate(resolve));
        if (run.shouldStop?.()) return finish('interrupted');
        const batch = next;
        const n = batch.count;
        lr = learningRateAt(s.schedule, epoch + b / batches, s.epochs);
        (optimizer as unknown as { learningRate: number }).learningRate = lr;
        const stepping = step(batch, lr);
        // With workers, the next batch is augmented here while they compute this one.
        if (b + 1 < batches) next = prepare(b + 1);
        const [loss, hits] = await stepping;
        if (average && isSamplePoint(s.average!, epoch, b, batches)) average.add(model);
        lossSum += loss * n;
        hitSum += hits;
        seen += n;
        const elapsed = (performance.now() - started) / 1000;
        const rate = seen / elapsed;
        const left = (batches - b - 1) * s.batchSize + (s.epochs - epoch - 1) * run.fit.count;
        run.onBatch?.({ epoch: epoch + 1, epochs: s.epochs, batch: b + 1, batches, loss: lossSum / seen, accuracy: hitSum / seen, imagesPerSecond: rate, etaSeconds: left / rate });
      }
      const seconds = (performance.now() - started) / 1000;
      const { val, extraVal, score } = validate(model, run);
      const record: EpochRecord = {
        epoch: epoch + 1, loss: lossSum / seen, accuracy: hitSum / seen, valLoss: val.loss, valAccuracy: val.accuracy,
        ...(extraVal !== undefined ? { extraValAccuracy: extraVal } : {}),
        learningRate: lr, seconds, imagesPerSecond: seen / seconds,
      };
      state.history.push(record);
      state.epochsDone = epoch + 1;
      state.rngState = rng.state;
      const isBest = score > state.bestValAccuracy;
      if (isBest) {
        state.bestValAccuracy = score;
        state.bestEpoch = epoch + 1;
        await saveModel(model, bestDirOf(run.outDir));
      }
      await writeCheckpoint(run.outDir, model, optimizer, state, average);
      run.onEpoch?.(record, isBest);
      if (s.patience > 0 && epoch + 1 - state.bestEpoch >= s.patience && epoch + 1 < s.epochs) return finish('early-stopped');
    }
    return finish(stopped);
  }

  async function finish(how: TrainResult['stopped']): Promise<TrainResult> {
    stopped = how;
    const averaged = how !== 'interrupted' && average && average.count > 0 ? await settleAverage(model, average, run) : undefined;
    optimizer.dispose();
    model.dispose();
    const bestDir = bestDirOf(run.outDir);
    return {
      settings: s, history: state.history, bestEpoch: state.bestEpoch, bestDir, weightsDir: averaged ? averageDirOf(run.outDir) : bestDir, stopped,
      ...(averaged ? { average: averaged } : {}),
    };
  }
}

/** Validation accuracy, and the selection score: its mean with the user's garments' when there are some. */
function validate(model: tf.LayersModel, run: TrainRun) {
  const val = measure(model, run.validation);
  const extraVal = run.extraValidation && run.extraValidation.count > 0 ? measure(model, run.extraValidation).accuracy : undefined;
  return { val, extraVal, score: extraVal === undefined ? val.accuracy : (val.accuracy + extraVal) / 2 };
}

/** True after the batch that ends each 1/perEpoch of an epoch, from epoch `from` on. */
function isSamplePoint(a: { from: number; perEpoch: number }, epoch: number, batch: number, batches: number): boolean {
  const crossed = Math.floor(((batch + 1) * a.perEpoch) / batches) > Math.floor((batch * a.perEpoch) / batches);
  return crossed && epoch + (batch + 1) / batches >= a.from - 1e-9;
}

/**
 * Puts the averaged weights into the model and saves them as the run's result. They are not
 * weighed against the best epoch: that epoch is the best of several draws on a few hundred
 * validation garments, so it wins on validation by luck as often as not, and the average
 * did as well or better on the proof's judge (docs/your-garments.md).
 */
async function settleAverage(model: tf.LayersModel, average: WeightAverage, run: TrainRun): Promise<AverageRecord> {
  const mean = average.mean();
  model.setWeights(mean);
  tf.dispose(mean);
  const { val, extraVal } = validate(model, run);
  await saveModel(model, averageDirOf(run.outDir));
  return { samples: average.count, valAccuracy: val.accuracy, ...(extraVal !== undefined ? { extraValAccuracy: extraVal } : {}) };
}
