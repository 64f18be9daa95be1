// BatchNormalization's gradient broadcasts per-channel statistics with Tile, and the stock
// wasm Tile is a generic index loop (~240 ms per step of the default net, a third of training).
// When every repeated axis has size 1, tiling is a broadcast, which wasm's Add does fast.
import * as tf from '@tensorflow/tfjs';

export function isBroadcastTile(shape: number[], reps: number[]): boolean {
  return shape.every((size, axis) => reps[axis] === 1 || size === 1);
}

export function broadcastTile(x: tf.Tensor, reps: number[]): tf.Tensor {
  const outShape = x.shape.map((size, axis) => size * reps[axis]);
  return tf.tidy(() => tf.add(x, tf.zeros(outShape, x.dtype)));
}
