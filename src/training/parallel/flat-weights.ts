// Weights and gradients laid end to end in one Float32Array (over a SharedArrayBuffer), so the
// coordinator and the workers exchange them without copying messages: variable i lives at
// offsets[i] … offsets[i] + sizes[i].
import * as tf from '@tensorflow/tfjs';
import type { WasmHeap } from '../../model/wasm-kernels/max-pool-gradient.js';

export class FlatLayout {
  readonly offsets: number[] = [];
  readonly total: number;

  constructor(readonly shapes: number[][]) {
    let at = 0;
    for (const shape of shapes) {
      this.offsets.push(at);
      at += shape.reduce((a, b) => a * b, 1);
    }
    this.total = at;
  }

  static of(variables: readonly { shape: number[] }[]): FlatLayout {
    return new FlatLayout(variables.map((v) => [...v.shape]));
  }

  part(view: Float32Array, i: number): Float32Array {
    const size = this.shapes[i].reduce((a, b) => a * b, 1);
    return view.subarray(this.offsets[i], this.offsets[i] + size);
  }

  /** Copies each tensor's values into its place in `view`. */
  write(view: Float32Array, tensors: readonly tf.Tensor[]): void {
    tensors.forEach((t, i) => this.part(view, i).set(valuesOf(t)));
  }
}

/**
 * A tensor's float values, to be copied at once: on wasm a view of its memory (valid until
 * the next allocation may grow the heap), elsewhere dataSync's copy. dataSync allocates a new
 * buffer each call, and on this VM a fresh 1 MB buffer costs about 3 ms of page faults, which
 * was most of the coordinator's serial time per step (the default net's dense layer is 1 MB).
 */
export function valuesOf(t: tf.Tensor): Float32Array {
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm') return (tf.backend() as unknown as WasmHeap).typedArrayFromHeap(t);
  return t.dataSync() as Float32Array;
}

export function sharedFloats(count: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(count * Float32Array.BYTES_PER_ELEMENT));
}

/** The variables behind a model's weights, trainable first, then the rest (BatchNorm's moving statistics). */
export function modelVariables(model: tf.LayersModel): { trainable: tf.Variable[]; state: tf.Variable[] } {
  const val = (w: unknown) => (w as { val: tf.Variable }).val;
  return { trainable: model.trainableWeights.map(val), state: model.nonTrainableWeights.map(val) };
}
