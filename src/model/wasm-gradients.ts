// Registers fast training kernels on the wasm backend; see wasm-kernels/ for each one and why.
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGradient, conv2dInputGradient, pair, type ConvAttrs } from './wasm-kernels/conv-gradients.js';
import { maxPoolGradient, type WasmHeap } from './wasm-kernels/max-pool-gradient.js';
import { untransposedMatMul } from './wasm-kernels/transposed-matmul.js';
import { broadcastTile, isBroadcastTile } from './wasm-kernels/broadcast-tile.js';

type Shape4 = [number, number, number, number];
let registered = false;

export const FAST_KERNELS = ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'BatchMatMul', 'Tile'] as const;
export type FastKernel = (typeof FAST_KERNELS)[number];

/**
 * Idempotent. Stock kernels stay reachable for the cases the fast ones do not cover.
 * `only` registers a subset, so the benchmark can show what each kernel is worth.
 */
export function registerWasmGradients(only: readonly FastKernel[] = FAST_KERNELS): void {
  if (registered) return;
  registered = true;
  const replace = (kernelName: FastKernel, kernelFunc: tf.KernelFunc): tf.KernelConfig | undefined => {
    const stock = tf.getKernel(kernelName, 'wasm');
    if (!only.includes(kernelName)) return stock;
    if (stock) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
    return stock;
  };

  replace('Conv2DBackpropFilter', ({ inputs, attrs }) => {
    const { x, dy } = inputs as unknown as { x: tf.Tensor4D; dy: tf.Tensor4D };
    const a = attrs as unknown as ConvAttrs & { filterShape: Shape4 };
    return conv2dFilterGradient(x, dy, a.filterShape, a);
  });

  const stockInput = replace('Conv2DBackpropInput', (args) => {
    const { dy, filter } = args.inputs as unknown as { dy: tf.Tensor4D; filter: tf.Tensor4D };
    const a = args.attrs as unknown as ConvAttrs & { inputShape: Shape4 };
    if (pair(a.strides).some((s) => s > 1)) {
      if (!stockInput) throw new Error('Conv2DBackpropInput with stride > 1 has no wasm kernel');
      return stockInput.kernelFunc(args);
    }
    return conv2dInputGradient(dy, filter, a.inputShape, a);
  });

  replace('MaxPoolGrad', ({ inputs, attrs, backend }) => {
    const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    return maxPoolGradient(dy, input, attrs as never, backend as unknown as WasmHeap);
  });

  const stockMatMul = replace('BatchMatMul', (args) => {
    const { transposeA, transposeB } = args.attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stockMatMul!.kernelFunc(args);
    const { a, b } = args.inputs as unknown as { a: tf.Tensor; b: tf.Tensor };
    return untransposedMatMul(a, b, transposeA, transposeB);
  });

  const stockTile = replace('Tile', (args) => {
    const x = args.inputs.x as tf.Tensor;
    const { reps } = args.attrs as { reps: number[] };
    if (x.dtype !== 'float32' || !isBroadcastTile(x.shape, reps)) return stockTile!.kernelFunc(args);
    return broadcastTile(x, reps);
  });
}
