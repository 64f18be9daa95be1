// What the coordinator and the training workers say to each other.
import type { Batch } from '../batch-loss.js';

export interface WorkerInit {
  index: number;
  count: number;
  backend: string;
  /** The network's topology (LayersModel.toJSON), so fine-tunes and every architecture work alike. */
  topology: unknown;
  /** Shared: the coordinator's weights, trainable then state, written before each step. */
  weights: SharedArrayBuffer;
  /** Shared, this worker's own: its gradients, then its BatchNorm statistics after the step. */
  out: SharedArrayBuffer;
}

export interface StepRequest {
  step: number;
  batch: Batch;
  smoothing: number;
}

export interface StepReply {
  step: number;
  loss?: number;
  hits?: number;
  error?: string;
}
