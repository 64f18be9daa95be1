// One data-parallel training worker: its own tfjs wasm backend (wasm is single-threaded in
// Node, so a second core needs a second thread) and a copy of the network. Each step it takes
// the coordinator's current weights from shared memory, computes the loss gradients on its
// share of the batch, and leaves them, with its BatchNorm statistics after the step, in its
// own shared buffer. It never updates weights: the coordinator does, once, for everyone.
import * as tf from '@tensorflow/tfjs';
import { parentPort, workerData } from 'node:worker_threads';
import { initBackend, type BackendName } from '../../model/backend.js';
import { batchLoss } from '../batch-loss.js';
import { FlatLayout, modelVariables, valuesOf } from './flat-weights.js';
import type { StepReply, StepRequest, WorkerInit } from './messages.js';

const init = workerData as WorkerInit;
await initBackend(init.backend as BackendName);
const model = await tf.models.modelFromJSON({ modelTopology: init.topology } as tf.io.ModelArtifacts as never);
const { trainable, state } = modelVariables(model);
// The same layout for the weights in and the results out: gradients of the trainable
// variables where their weights are, then the state after the step.
const layout = FlatLayout.of([...trainable, ...state]);
const weights = new Float32Array(init.weights);
const out = new Float32Array(init.out);

// Test hook: a worker that dies in the middle of a run, as one killed for memory would.
const dieAt = Number(process.env.LAUNDRY_SORTER_TEST_WORKER_DIES_AT ?? NaN);

function loadWeights(): void {
  tf.tidy(() => [...trainable, ...state].forEach((v, i) => v.assign(tf.tensor(layout.part(weights, i), v.shape))));
}

function step(request: StepRequest): StepReply {
  if (request.step === dieAt && init.index === init.count - 1) process.exit(70);
  loadWeights();
  let hits = 0;
  const { value, grads } = tf.variableGrads(() => {
    const r = batchLoss(model, request.batch, request.smoothing);
    hits = r.hits.dataSync()[0];
    r.hits.dispose();
    return r.loss;
  }, trainable);
  trainable.forEach((v, i) => layout.part(out, i).set(valuesOf(grads[v.name])));
  state.forEach((v, i) => layout.part(out, trainable.length + i).set(valuesOf(v)));
  const loss = value.dataSync()[0];
  tf.dispose([value, grads]);
  return { step: request.step, loss, hits };
}

parentPort!.on('message', (request: StepRequest) => {
  try {
    parentPort!.postMessage(step(request));
  } catch (err) {
    parentPort!.postMessage({ step: request.step, error: err instanceof Error ? err.message : String(err) } satisfies StepReply);
  }
});
parentPort!.postMessage({ ready: true });
