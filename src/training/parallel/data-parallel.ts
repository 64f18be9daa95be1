// Data-parallel training across worker threads. The coordinator (the training loop's thread)
// keeps the one real model and optimizer; for each batch it publishes its weights in shared
// memory, hands each worker a contiguous share of the batch, and averages what comes back,
// weighted by share size: the gradient of the whole batch's mean loss. BatchNorm's moving
// statistics are averaged the same way. Each worker normalises with its own share's batch
// statistics (as "ghost batch norm" does); docs/training.md says what that changes.
// Shares, and the order of the sums, depend only on the batch and the worker count, so a seed
// and a worker count give the same model every time.
import * as tf from '@tensorflow/tfjs';
import { Worker } from 'node:worker_threads';
import { CLASS_COUNT } from '../../dataset/classes.js';
import type { Batch } from '../batch-loss.js';
import { FlatLayout, modelVariables, sharedFloats } from './flat-weights.js';
import type { StepReply, StepRequest, WorkerInit } from './messages.js';

export interface StepResult {
  /** The batch's mean loss and right answers, over all shares. */
  loss: number;
  hits: number;
  /** Keyed by the coordinator's variable names, ready for optimizer.applyGradients. */
  grads: tf.NamedTensorMap;
}

/** A worker failed or stopped: the run cannot go on, but its last checkpoint stands. */
export class WorkerFailure extends Error {}

interface Waiting { resolve: (r: StepReply) => void; reject: (e: Error) => void }

const READY_TIMEOUT_MS = 120_000;

/** Row counts of each worker's share: contiguous, as even as possible, the first ones larger. */
export function shareSizes(count: number, workers: number): number[] {
  return Array.from({ length: workers }, (_, i) => Math.floor(count / workers) + (i < count % workers ? 1 : 0));
}

export class DataParallel {
  private failure: Error | undefined;
  private closing = false;
  private readonly waiting = new Map<number, Waiting>();
  private steps = 0;
  private readonly trainable: tf.Variable[];
  private readonly state: tf.Variable[];

  private constructor(
    model: tf.LayersModel,
    private readonly workers: Worker[],
    private readonly layout: FlatLayout,
    private readonly weights: Float32Array,
    private readonly outs: Float32Array[],
    /** The averaged gradients and statistics, reused every step (see step()). */
    private readonly combined = new Float32Array(layout.total),
  ) {
    ({ trainable: this.trainable, state: this.state } = modelVariables(model));
  }

  static async start(model: tf.LayersModel, count: number, backend: string): Promise<DataParallel> {
    const { trainable, state } = modelVariables(model);
    const layout = FlatLayout.of([...trainable, ...state]);
    const weights = sharedFloats(layout.total);
    const outs = Array.from({ length: count }, () => sharedFloats(layout.total));
    const topology = JSON.parse(model.toJSON(null, true) as string);
    const workers = outs.map((out, index) => new Worker(new URL('./gradient-worker.js', import.meta.url), {
      workerData: { index, count, backend, topology, weights: weights.buffer as SharedArrayBuffer, out: out.buffer as SharedArrayBuffer } satisfies WorkerInit,
    }));
    const pool = new DataParallel(model, workers, layout, weights, outs);
    await pool.whenReady();
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  private whenReady(): Promise<void> {
    return new Promise((resolve, reject) => {
      let ready = 0;
      const timer = setTimeout(() => reject(this.fail(`training workers did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      this.workers.forEach((worker, i) => {
        worker.on('message', (m: StepReply | { ready: true }) => {
          if ('ready' in m) {
            if (++ready === this.workers.length) { clearTimeout(timer); resolve(); }
            return;
          }
          const w = this.waiting.get(i);
          this.waiting.delete(i);
          if (m.error) w?.reject(this.fail(`training worker ${i + 1} of ${this.workers.length} failed: ${m.error}`));
          else w?.resolve(m);
        });
        worker.on('error', (err) => { clearTimeout(timer); reject(this.fail(`training worker ${i + 1} of ${this.workers.length} failed: ${err.message}`)); });
        worker.on('exit', (code) => {
          if (this.closing) return;
          clearTimeout(timer);
          reject(this.fail(`training worker ${i + 1} of ${this.workers.length} stopped (exit code ${code})`));
        });
      });
    });
  }

  /** Records the first failure, rejects every step in flight with it, and returns it. */
  private fail(message: string): Error {
    this.failure ??= new WorkerFailure(message);
    for (const w of this.waiting.values()) w.reject(this.failure);
    this.waiting.clear();
    return this.failure;
  }

  /**
   * The gradients of `batch`'s mean loss at the model's current weights, computed by the
   * workers on their shares. Also sets the model's BatchNorm moving statistics to the shares'
   * weighted mean, as one step on the whole batch would have moved them.
   */
  async step(batch: Batch, smoothing: number): Promise<StepResult> {
    if (this.failure) throw this.failure;
    const { trainable, state } = this;
    this.layout.write(this.weights, [...trainable, ...state]);
    const sizes = shareSizes(batch.count, this.workers.length);
    const step = ++this.steps;
    const pixelsPerRow = batch.pixels.length / batch.count;
    let start = 0;
    const replies = sizes.map((n, i) => {
      const rows = [start, start + n];
      start += n;
      if (n === 0) return Promise.resolve(undefined);
      const share: Batch = {
        pixels: batch.pixels.slice(rows[0] * pixelsPerRow, rows[1] * pixelsPerRow),
        labels: batch.labels.slice(rows[0], rows[1]),
        turned: batch.turned.slice(rows[0], rows[1]),
        count: n,
        ...(batch.targets ? { targets: batch.targets.slice(rows[0] * CLASS_COUNT, rows[1] * CLASS_COUNT) } : {}),
      };
      return new Promise<StepReply>((resolve, reject) => {
        this.waiting.set(i, { resolve, reject });
        this.workers[i].postMessage({ step, batch: share, smoothing } satisfies StepRequest);
      });
    });
    const done = await Promise.all(replies);
    // Reused only on wasm, which copies a new tensor's values into its own memory; the cpu
    // backend keeps the array it is given, so there each step needs its own.
    const combined = tf.getBackend() === 'wasm' ? this.combined : new Float32Array(this.layout.total);
    let loss = 0;
    let hits = 0;
    let first = true;
    sizes.forEach((n, i) => {
      if (n === 0) return;
      const weight = n / batch.count;
      const out = this.outs[i];
      // The first share is written, not added to zeros: this loop is the coordinator's
      // largest serial cost while both workers wait.
      if (first) for (let k = 0; k < combined.length; k++) combined[k] = weight * out[k];
      else for (let k = 0; k < combined.length; k++) combined[k] += weight * out[k];
      first = false;
      loss += weight * done[i]!.loss!;
      hits += done[i]!.hits!;
    });
    // Views of `combined`, not copies. On wasm a new 1.4 MB buffer each step cost about 3 ms
    // of page faults, the slowest part of the coordinator's serial time.
    const grads: tf.NamedTensorMap = {};
    trainable.forEach((v, j) => { grads[v.name] = tf.tensor(this.layout.part(combined, j), v.shape); });
    tf.tidy(() => state.forEach((v, j) => v.assign(tf.tensor(this.layout.part(combined, trainable.length + j), v.shape))));
    return { loss, hits, grads };
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
