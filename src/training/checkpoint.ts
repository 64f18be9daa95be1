// One checkpoint per epoch: the model, Adam's moments, the RNG state and the history, enough
// for --resume to continue exactly where training stopped. It is written beside the old one
// and swapped in by renames, so Ctrl-C or a crash mid-write keeps the previous checkpoint.
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModel, saveModel } from '../model/model-files.js';
import { UserError } from '../errors/user-error.js';
import type { EpochRecord, TrainSettings } from './train-types.js';
import { WeightAverage } from './weight-average.js';

/** `S`: the run's settings (the garment model's, or another net's trained the same way). */
export interface CheckpointState<S = TrainSettings> {
  epochsDone: number;
  rngState: number;
  history: EpochRecord[];
  bestEpoch: number;
  /** The best epoch's selection score: validation accuracy, or its mean with the user's garments' when fine-tuning with them. */
  bestValAccuracy: number;
  settings: S;
  backend: string;
}

const STATE = 'state.json';

/** Adam's running powers of beta1 and beta2. setWeights recomputes them with pow(), which
 * differs in the last bits from the product a live run accumulates, so they are saved as is. */
interface AdamPowers { accBeta1: tf.Variable; accBeta2: tf.Variable }

export function readAdamPowers(optimizer: tf.Optimizer): [number, number] {
  const o = optimizer as unknown as AdamPowers;
  return [o.accBeta1.dataSync()[0], o.accBeta2.dataSync()[0]];
}

export function restoreAdamPowers(optimizer: tf.Optimizer, powers: [number, number] | undefined): void {
  if (!powers) return;
  const o = optimizer as unknown as AdamPowers;
  o.accBeta1.assign(tf.scalar(powers[0]));
  o.accBeta2.assign(tf.scalar(powers[1]));
}
const OPTIMIZER = 'optimizer.bin';
const AVERAGE = 'average.bin';

export function checkpointDir(outDir: string): string {
  return join(outDir, 'checkpoint');
}

export async function writeCheckpoint<S>(outDir: string, model: tf.LayersModel, optimizer: tf.Optimizer, state: CheckpointState<S>, average?: WeightAverage): Promise<void> {
  const final = checkpointDir(outDir);
  const next = `${final}.next`;
  const old = `${final}.old`;
  rmSync(next, { recursive: true, force: true });
  mkdirSync(next, { recursive: true });
  await saveModel(model, next);
  const weights = await optimizer.getWeights();
  const specs = weights.map((w) => ({ name: w.name, shape: w.tensor.shape }));
  const data = Buffer.concat(weights.map((w) => Buffer.from((w.tensor.dataSync() as Float32Array).buffer.slice(0))));
  writeFileSync(join(next, OPTIMIZER), data);
  if (average) writeFileSync(join(next, AVERAGE), average.toBytes());
  writeFileSync(join(next, STATE), JSON.stringify({ ...state, optimizerSpecs: specs, adamPowers: readAdamPowers(optimizer) }, null, 1));
  rmSync(old, { recursive: true, force: true });
  if (existsSync(final)) renameSync(final, old);
  renameSync(next, final);
  rmSync(old, { recursive: true, force: true });
}

export interface LoadedCheckpoint<S = TrainSettings> {
  model: tf.LayersModel;
  optimizerWeights: { name: string; tensor: tf.Tensor }[];
  adamPowers?: [number, number];
  state: CheckpointState<S>;
  /** The running weight average, when the run keeps one. */
  average?: WeightAverage;
}

type StoredState<S = TrainSettings> = CheckpointState<S> & { optimizerSpecs: { name: string; shape: number[] }[]; adamPowers?: [number, number] };

/** The checkpoint's directory and state, without loading its weights; undefined when there is none. */
export function readCheckpointState<S = TrainSettings>(outDir: string): { dir: string; raw: StoredState<S> } | undefined {
  let dir = checkpointDir(outDir);
  // A crash between the two renames leaves only the .old copy, which is complete.
  if (!existsSync(join(dir, STATE)) && existsSync(join(`${dir}.old`, STATE))) dir = `${dir}.old`;
  if (!existsSync(join(dir, STATE))) return undefined;
  return { dir, raw: JSON.parse(readFileSync(join(dir, STATE), 'utf8')) as StoredState<S> };
}

export async function readCheckpoint<S = TrainSettings>(outDir: string): Promise<LoadedCheckpoint<S>> {
  const found = readCheckpointState<S>(outDir);
  if (!found) {
    throw new UserError(`no checkpoint to resume in ${outDir}`, { hint: 'start without --resume, or pass the --out of the run to continue' });
  }
  const { dir, raw } = found;
  const model = await loadModel(dir);
  const bytes = readFileSync(join(dir, OPTIMIZER));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let at = 0;
  const optimizerWeights = raw.optimizerSpecs.map((s) => {
    const size = s.shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(floats.slice(at, at + size), s.shape);
    at += size;
    return { name: s.name, tensor };
  });
  const { optimizerSpecs: _, adamPowers, ...state } = raw;
  const average = existsSync(join(dir, AVERAGE)) ? WeightAverage.fromBytes(readFileSync(join(dir, AVERAGE))) : undefined;
  return { model, optimizerWeights, adamPowers, state, ...(average ? { average } : {}) };
}
