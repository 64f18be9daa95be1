// A small residual net for 28×28 garments, in the ResNet-20 family (He et al., CIFAR variant):
// stages of basic blocks (conv → BN → ReLU → conv → BN, plus the block's input) at 28, 14 and
// 7 px, then global average pooling → Dense. Stages are joined by 2×2 max-pooling rather than
// stride-2 convolutions, because the wasm backend's fast input-gradient kernel covers stride 1
// only (src/model/wasm-kernels); a 1×1 convolution widens the shortcut where the width grows.
import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, IMAGE_SIZE } from '../dataset/classes.js';

type Init = () => ReturnType<typeof tf.initializers.heNormal>;

function conv(x: tf.SymbolicTensor, filters: number, kernelSize: number, init: Init): tf.SymbolicTensor {
  return tf.layers.conv2d({ filters, kernelSize, padding: 'same', useBias: false, kernelInitializer: init() }).apply(x) as tf.SymbolicTensor;
}

const bn = (x: tf.SymbolicTensor) => tf.layers.batchNormalization().apply(x) as tf.SymbolicTensor;
const relu = (x: tf.SymbolicTensor) => tf.layers.reLU().apply(x) as tf.SymbolicTensor;
/** 2×2 max-pooling, `same`: 7 px become 4. */
const pool = (x: tf.SymbolicTensor) => tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;

function basicBlock(x: tf.SymbolicTensor, filters: number, init: Init): tf.SymbolicTensor {
  const inWidth = x.shape[3];
  const body = bn(conv(relu(bn(conv(x, filters, 3, init))), filters, 3, init));
  const shortcut = inWidth === filters ? x : bn(conv(x, filters, 1, init));
  return relu(tf.layers.add().apply([body, shortcut]) as tf.SymbolicTensor);
}

/**
 * `widths[i]` filters in stage i, `blocks` basic blocks per stage. `poolStem`: max-pool the
 * stem's output, so the stages run at 14, 7 and 4 px: a quarter of the pixels, so four times
 * the filters cost the same multiply-adds (the default `sorter` net pools just as early).
 */
export function residualNet(name: string, widths: number[], blocks: number, seed: number, outputs: number = CLASS_COUNT, poolStem = false): tf.LayersModel {
  let n = 0;
  const he: Init = () => tf.initializers.heNormal({ seed: seed + n++ });
  const input = tf.input({ shape: [IMAGE_SIZE, IMAGE_SIZE, 1] });
  let x = relu(bn(conv(input, widths[0], 3, he)));
  if (poolStem) x = pool(x);
  widths.forEach((filters, stage) => {
    if (stage > 0) x = pool(x);
    for (let b = 0; b < blocks; b++) x = basicBlock(x, filters, he);
  });
  x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: outputs, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + n++ }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ name, inputs: input, outputs: out });
}
