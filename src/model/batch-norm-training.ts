// BatchNormalization in training mode, with its gradient in closed form.
//
// tfjs-layers normalises a training batch with tf.moments then tf.batchNorm, and autodiff
// differentiates both: the batchNorm gradient, then the mean's and the variance's own
// gradients back into x, about twenty full-size elementwise ops and reductions per layer. The
// textbook result needs five (x̂ the normalised input, N the values per channel):
//   dβ = Σ dy     dγ = Σ dy·x̂     dx = γ/σ · (dy − dβ/N − x̂·dγ/N)
// On wasm this halves BatchNorm's share of a training step (docs/training.md). The forward
// pass, the moving statistics and inference are unchanged; the gradients agree to float
// precision (test/model/batch-norm-training.test.ts).
import * as tf from '@tensorflow/tfjs';

interface BatchNormLayer {
  axis: number;
  epsilon: number;
  momentum: number;
  gamma: tf.LayerVariable | null;
  beta: tf.LayerVariable | null;
  movingMean: tf.LayerVariable;
  movingVariance: tf.LayerVariable;
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor;
}

let installed = false;

/** Idempotent. Every BatchNormalization layer, built or loaded, trains this way afterwards. */
export function installBatchNormTraining(): void {
  if (installed) return;
  installed = true;
  const proto = Object.getPrototypeOf(tf.layers.batchNormalization({})) as BatchNormLayer;
  const stockCall = proto.call;
  proto.call = function (this: BatchNormLayer, inputs, kwargs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = this.axis === -1 || this.axis === x.rank - 1;
    // Only the case our nets use (channels last, scale and centre); anything else stays stock.
    if (kwargs?.training !== true || !lastAxis || !this.gamma || !this.beta) return stockCall.call(this, inputs, kwargs);
    return tf.tidy(() => {
      const { y, mean, variance } = normaliseBatch(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
      // The moving statistics move as stock tfjs moves them: by (1 − momentum) of the way.
      for (const [variable, value] of [[this.movingMean, mean], [this.movingVariance, variance]] as const) {
        const old = variable.read();
        variable.write(tf.sub(old, tf.mul(tf.sub(old, value), 1 - this.momentum)));
      }
      tf.dispose([mean, variance]);
      return y;
    });
  };
}

/** y = γ·x̂ + β over every axis but the last, with the batch's mean and (biased) variance; the caller disposes mean and variance. */
export function normaliseBatch(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor } {
  const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
  // The batch statistics leave by this side door: customGrad returns one value, and they
  // need no gradient of their own (the closed form already accounts for them).
  let stats: { mean: tf.Tensor; variance: tf.Tensor } | undefined;
  const op = tf.customGrad((input, g, b, save) => {
    const { mean, variance } = tf.moments(input as tf.Tensor, axes);
    stats = { mean: tf.keep(mean), variance: tf.keep(variance) };
    const inverse = tf.rsqrt(tf.add(variance, epsilon));
    const normalised = tf.mul(tf.sub(input as tf.Tensor, mean), inverse);
    (save as tf.GradSaveFunc)([normalised, inverse, g as tf.Tensor]);
    return {
      value: tf.add(tf.mul(normalised, g as tf.Tensor), b as tf.Tensor),
      gradFunc: (dy: tf.Tensor, [xHat, inv, scale]: tf.Tensor[]) => {
        const perChannel = dy.size / dy.shape[dy.rank - 1];
        const dBeta = tf.sum(dy, axes);
        const dGamma = tf.sum(tf.mul(dy, xHat), axes);
        const centred = tf.sub(dy, tf.div(dBeta, perChannel));
        const dx = tf.mul(tf.sub(centred, tf.mul(xHat, tf.div(dGamma, perChannel))), tf.mul(scale, inv));
        return [dx, dGamma, dBeta];
      },
    };
  });
  const y = op(x, gamma, beta);
  return { y, ...stats! };
}
