// Decoupled weight decay (AdamW, Loshchilov & Hutter): after each optimizer step every conv and
// dense kernel shrinks by lr × decay of itself. Written into the loss as L2 instead, Adam's
// per-weight scaling would undo it for exactly the weights with large gradients. Biases and
// BatchNorm's scale and shift are left alone: shrinking them only fights the normalisation.
import * as tf from '@tensorflow/tfjs';

/**
 * The variables decay applies to: kernels (conv, depthwise, dense), by the name Keras gives them;
 * tfjs appends `_N` when a loaded model's names are taken already (a resumed run, a fine-tune).
 */
export function decayedVariables(trainable: readonly tf.Variable[]): tf.Variable[] {
  return trainable.filter((v) => /\/(kernel|depthwise_kernel|pointwise_kernel)(_\d+)?$/.test(v.name));
}

/** One step of decay at learning rate `lr`: w ← w · (1 − lr · decay). */
export function applyWeightDecay(variables: readonly tf.Variable[], lr: number, decay: number): void {
  if (decay <= 0) return;
  const keep = 1 - lr * decay;
  tf.tidy(() => {
    for (const v of variables) v.assign(v.mul(keep));
  });
}
