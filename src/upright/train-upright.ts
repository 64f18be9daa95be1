// Trains the upright finder on Fashion-MNIST's training images, each turned by a random
// quarter turn that is its label. Seeded and checkpointed like the garment model's training
// (src/training): the same seed gives the same finder, and --resume continues a stopped run
// exactly. One thread: the net is small enough that an epoch takes well under a minute.
// Fashion-MNIST's garments are product photos; a straightened camera garment is blurrier and
// lies a little crooked, so the finder can also learn from such views (`render-set`, or the
// user's own garments) mixed into every epoch.
import * as tf from '@tensorflow/tfjs';
import { CLASS_NAMES, PIXELS } from '../dataset/classes.js';
import type { FashionMnist, Split } from '../dataset/fashion-mnist.js';
import { splitValidation, takeFirst } from '../dataset/fashion-mnist.js';
import { saveModel } from '../model/model-files.js';
import type { AugmentOptions } from '../training/augment.js';
import { readCheckpoint, restoreAdamPowers, writeCheckpoint, type CheckpointState } from '../training/checkpoint.js';
import { mixExtra } from '../training/mix-extra.js';
import { learningRateAt, type Schedule } from '../training/lr-schedule.js';
import { modelVariables } from '../training/parallel/flat-weights.js';
import { Random } from '../training/random.js';
import type { BatchProgress, EpochRecord } from '../training/train-types.js';
import { turnedBatch, type TurnedBatch } from './turned-batch.js';
import { buildUprightNet, UPRIGHT_TURNS } from './upright-net.js';

export interface UprightSettings {
  epochs: number;
  batchSize: number;
  schedule: Schedule;
  /** The garment model's augmentation; `rotate` stands for what pose estimation leaves crooked. */
  augment: AugmentOptions;
  seed: number;
  limit?: number;
  /** Garment photos mixed in beside Fashion-MNIST (`--extra`, e.g. from `render-set`): the folder, its share of each epoch, how many. */
  extra?: { dataset: string; share: number; photos: number };
}

export const DEFAULT_UPRIGHT_SETTINGS: UprightSettings = {
  epochs: 15,
  batchSize: 64,
  schedule: { name: 'cosine', base: 0.002, warmup: 0 },
  augment: { shift: 2, flip: true, erase: 0.25, rotate: 12 },
  seed: 1,
};

/** Test images are turned by this seed's draws, whatever the run's seed: every finder is judged on the same set. */
export const UPRIGHT_TEST_SEED = 2027;

export interface UprightRun {
  data: FashionMnist;
  settings: UprightSettings;
  outDir: string;
  resume?: boolean;
  /** The photos `settings.extra` names, loaded: upright views as the camera makes them. */
  extra?: Split;
  onBatch?: (p: BatchProgress) => void;
  onEpoch?: (e: EpochRecord) => void;
  shouldStop?: () => boolean;
}

export interface UprightResult {
  model: tf.LayersModel;
  settings: UprightSettings;
  history: EpochRecord[];
  stopped: 'completed' | 'interrupted';
  /** Share of turned test images whose turn it names, overall and per garment class (NaN and {} when interrupted: not measured). */
  testAccuracy: number;
  perClassAccuracy: Record<string, number>;
}

const crossEntropy = (probs: tf.Tensor2D, turns: Int32Array) =>
  tf.mean(tf.metrics.categoricalCrossentropy(tf.oneHot(tf.tensor1d(turns, 'int32'), UPRIGHT_TURNS.length), probs)) as tf.Scalar;

const toInput = (b: TurnedBatch) => tf.tensor4d(b.pixels, [b.turns.length, 28, 28, 1]);

/** The finder's named turn for every image of a turned set, 500 at a time. */
function predictTurns(model: tf.LayersModel, set: TurnedBatch): { named: Int32Array; loss: number } {
  const n = set.turns.length;
  const named = new Int32Array(n);
  let loss = 0;
  for (let from = 0; from < n; from += 500) {
    const to = Math.min(n, from + 500);
    const part = { pixels: set.pixels.subarray(from * PIXELS, to * PIXELS), turns: set.turns.subarray(from, to) };
    tf.tidy(() => {
      const probs = model.predict(toInput(part)) as tf.Tensor2D;
      named.set(tf.argMax(probs, 1).dataSync() as Int32Array, from);
      loss += crossEntropy(probs, part.turns).dataSync()[0] * (to - from);
    });
  }
  return { named, loss: loss / n };
}

/** A split with every image turned, without augmentation, by a fixed seed's draws. */
function turnedSet(split: Split, seed: number): TurnedBatch {
  return turnedBatch(split.images, Uint32Array.from({ length: split.count }, (_, i) => i), { shift: 0, flip: false, erase: 0 }, new Random(seed));
}

export async function trainUpright(run: UprightRun): Promise<UprightResult> {
  const resumed = run.resume ? await readCheckpoint<UprightSettings>(run.outDir) : undefined;
  const s = resumed?.state.settings ?? run.settings;
  const model = resumed?.model ?? buildUprightNet(s.seed);
  const state: CheckpointState<UprightSettings> = resumed?.state ?? {
    epochsDone: 0, rngState: s.seed, history: [], bestEpoch: 0, bestValAccuracy: 0, settings: s, backend: tf.getBackend(),
  };
  const optimizer = tf.train.adam(s.schedule.base);
  if (resumed) await optimizer.setWeights(resumed.optimizerWeights);
  restoreAdamPowers(optimizer, resumed?.adamPowers);
  const trainables = modelVariables(model).trainable;
  const { fit: all, validation } = splitValidation(run.data.train);
  const official = s.limit ? takeFirst(all, s.limit) : all;
  if (s.extra && !run.extra) throw new Error(`the finder run mixes in ${s.extra.dataset}, but its photos were not loaded`);
  const fit = run.extra && s.extra ? mixExtra(official, run.extra, s.extra.share).split : official;
  const valSet = turnedSet(validation, s.seed + 1);
  const rng = new Random(state.rngState);
  const batches = Math.ceil(fit.count / s.batchSize);
  let stopped: UprightResult['stopped'] = 'completed';
  /** One Adam step; the batch's mean loss and its count of rightly named turns. */
  const step = (batch: TurnedBatch): [number, number] => tf.tidy(() => {
    let hits: tf.Scalar | undefined;
    const cost = optimizer.minimize(() => {
      const probs = model.apply(toInput(batch), { training: true }) as tf.Tensor2D;
      hits = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(probs, 1), tf.tensor1d(batch.turns, 'int32')), 'float32'))) as tf.Scalar;
      return crossEntropy(probs, batch.turns);
    }, true, trainables)!;
    const out: [number, number] = [cost.dataSync()[0], hits!.dataSync()[0]];
    hits!.dispose();
    return out;
  });
  for (let epoch = state.epochsDone; epoch < s.epochs && stopped === 'completed'; epoch++) {
    const order = rng.shuffle(fit.count);
    const started = performance.now();
    let lossSum = 0;
    let hitSum = 0;
    let lr = s.schedule.base;
    for (let b = 0; b < batches; b++) {
      await new Promise((resolve) => setImmediate(resolve)); // lets Ctrl-C in between batches
      if (run.shouldStop?.()) { stopped = 'interrupted'; break; }
      const batch = turnedBatch(fit.images, order.subarray(b * s.batchSize, Math.min((b + 1) * s.batchSize, fit.count)), s.augment, rng);
      lr = learningRateAt(s.schedule, epoch + b / batches, s.epochs);
      (optimizer as unknown as { learningRate: number }).learningRate = lr;
      const [loss, hits] = step(batch);
      lossSum += loss * batch.turns.length;
      hitSum += hits;
      const seen = Math.min((b + 1) * s.batchSize, fit.count);
      const rate = seen / ((performance.now() - started) / 1000);
      run.onBatch?.({ epoch: epoch + 1, epochs: s.epochs, batch: b + 1, batches, loss: lossSum / seen, accuracy: hitSum / seen, imagesPerSecond: rate, etaSeconds: ((batches - b - 1) * s.batchSize + (s.epochs - epoch - 1) * fit.count) / rate });
    }
    if (stopped === 'interrupted') break;
    const seconds = (performance.now() - started) / 1000;
    const val = predictTurns(model, valSet);
    const record: EpochRecord = {
      epoch: epoch + 1, loss: lossSum / fit.count, accuracy: hitSum / fit.count, valLoss: val.loss,
      valAccuracy: val.named.reduce((hits, t, i) => hits + (t === valSet.turns[i] ? 1 : 0), 0) / validation.count,
      learningRate: lr, seconds, imagesPerSecond: fit.count / seconds,
    };
    state.history.push(record);
    state.epochsDone = epoch + 1;
    state.rngState = rng.state;
    await writeCheckpoint(run.outDir, model, optimizer, state);
    run.onEpoch?.(record);
  }
  optimizer.dispose();
  if (stopped === 'interrupted') return { model, settings: s, history: state.history, stopped, testAccuracy: NaN, perClassAccuracy: {} };
  await saveModel(model, `${run.outDir}/finder`);
  return { model, settings: s, history: state.history, stopped, ...testTurns(model, run.data.test) };
}

/** The share of the turned test set whose turn the finder names, overall and per garment class. */
function testTurns(model: tf.LayersModel, test: Split): Pick<UprightResult, 'testAccuracy' | 'perClassAccuracy'> {
  const testSet = turnedSet(test, UPRIGHT_TEST_SEED);
  const { named } = predictTurns(model, testSet);
  const hits = new Array<number>(CLASS_NAMES.length).fill(0);
  const counts = new Array<number>(CLASS_NAMES.length).fill(0);
  for (let i = 0; i < test.count; i++) {
    counts[test.labels[i]]++;
    if (named[i] === testSet.turns[i]) hits[test.labels[i]]++;
  }
  return {
    testAccuracy: hits.reduce((a, b) => a + b, 0) / test.count,
    perClassAccuracy: Object.fromEntries(CLASS_NAMES.map((name, c) => [name, counts[c] ? hits[c] / counts[c] : NaN])),
  };
}
