// The stock wasm BatchMatMul is fast only without transpose flags (x@W: ~1 ms for the tutorial
// CNN's dense layer, but x^T@dy: ~16 ms). Dense-layer gradients always ask for a transposed
// operand, so we transpose explicitly (~1 ms) and run the fast path.
import * as tf from '@tensorflow/tfjs';

export function transposeLastTwo(t: tf.Tensor): tf.Tensor {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return tf.transpose(t, perm);
}

export function untransposedMatMul(a: tf.Tensor, b: tf.Tensor, transposeA: boolean, transposeB: boolean): tf.Tensor {
  return tf.tidy(() => {
    // A @ Bᵀ = (B @ Aᵀ)ᵀ: when Aᵀ and the result together are smaller than B, transpose those
    // instead. A dense layer's input gradient (dy @ Wᵀ, W 2048×128) goes from ~2.8 to ~1 ms.
    if (transposeB && !transposeA && a.size + outputSize(a, b) < b.size) return transposeLastTwo(tf.matMul(b, transposeLastTwo(a)));
    const left = transposeA ? transposeLastTwo(a) : a;
    const right = transposeB ? transposeLastTwo(b) : b;
    return tf.matMul(left, right);
  });
}

/** Elements of a @ bᵀ: a's rows times b's rows, per batch. */
function outputSize(a: tf.Tensor, b: tf.Tensor): number {
  return (a.size / a.shape[a.rank - 1]) * b.shape[b.rank - 2];
}
