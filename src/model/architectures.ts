// The networks `train --arch` can build. Built by functions, never at import time, with every
// initializer seeded so a seed gives the same starting weights.
import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, IMAGE_SIZE } from '../dataset/classes.js';
import { residualNet } from './residual-net.js';

export type ArchitectureName = 'mlp' | 'cnn' | 'sorter' | 'sorter-wide' | 'resnet14' | 'resnet20' | 'wide-resnet14';

export interface Architecture {
  description: string;
  build(seed: number): tf.LayersModel;
}

const INPUT_SHAPE = [IMAGE_SIZE, IMAGE_SIZE, 1];

function seeded(seed: number) {
  let n = 0;
  return {
    glorot: () => tf.initializers.glorotUniform({ seed: seed + n++ }),
    he: () => tf.initializers.heNormal({ seed: seed + n++ }),
  };
}

/**
 * conv → max-pool → BatchNorm → ReLU. Pooling first is the same function class (max-pool
 * commutes with ReLU) but normalises a quarter of the pixels, which on wasm makes the whole
 * net train ~1.6× faster. No conv bias: BatchNorm's beta does its job.
 */
function convBlock(model: tf.Sequential, filters: number, init: () => ReturnType<typeof tf.initializers.heNormal>, first = false): void {
  model.add(tf.layers.conv2d({
    ...(first ? { inputShape: INPUT_SHAPE } : {}),
    filters, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: init(),
  }));
  model.add(tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.reLU());
}

/**
 * Three conv blocks of the given widths, then Dense `hidden` (BatchNorm, ReLU) → softmax over
 * `outputs`: Dense 128 → 10 classes for the garment nets; the upright finder (src/upright) is
 * the same shape, smaller, with 4 turns out.
 */
export function sorterNet(name: string, widths: [number, number, number], seed: number, hidden = 128, outputs: number = CLASS_COUNT): tf.LayersModel {
  const init = seeded(seed);
  const m = tf.sequential({ name });
  widths.forEach((filters, i) => convBlock(m, filters, init.he, i === 0));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: hidden, useBias: false, kernelInitializer: init.he() }));
  m.add(tf.layers.batchNormalization());
  m.add(tf.layers.reLU());
  m.add(tf.layers.dense({ units: outputs, activation: 'softmax', kernelInitializer: init.glorot() }));
  return m;
}

export const ARCHITECTURES: Record<ArchitectureName, Architecture> = {
  mlp: {
    description: "the tutorial's Flatten → Dense 128 → Dense 10",
    build(seed) {
      const init = seeded(seed);
      const m = tf.sequential({ name: 'mlp' });
      m.add(tf.layers.flatten({ inputShape: INPUT_SHAPE }));
      m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init.glorot() }));
      m.add(tf.layers.dense({ units: CLASS_COUNT, activation: 'softmax', kernelInitializer: init.glorot() }));
      return m;
    },
  },
  cnn: {
    description: "the tutorial's Conv32 → MaxPool → Conv64 → MaxPool → Dense 128 → Dense 10 (same padding)",
    build(seed) {
      const init = seeded(seed);
      const m = tf.sequential({ name: 'cnn' });
      m.add(tf.layers.conv2d({ inputShape: INPUT_SHAPE, filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.glorot() }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init.glorot() }));
      m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
      m.add(tf.layers.flatten());
      m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init.glorot() }));
      m.add(tf.layers.dense({ units: CLASS_COUNT, activation: 'softmax', kernelInitializer: init.glorot() }));
      return m;
    },
  },
  sorter: {
    description: 'the default: three BatchNorm conv blocks (32, 64, 128) at 28, 14 and 7 px, each pooled, then Dense 128 → Dense 10',
    // Width grows as resolution falls, so every block costs about the same and the whole
    // net stays near 2× the tutorial's multiply-adds while seeing far more context.
    build: (seed) => sorterNet('sorter', [32, 64, 128], seed),
  },
  'sorter-wide': {
    description: 'the default net 1.5× wider (48, 96, 192 filters): about 2.2× the multiply-adds, for recipes that ask more of it (turned garments)',
    build: (seed) => sorterNet('sorter_wide', [48, 96, 192], seed),
  },
  // The residual candidates of issue 23's search (docs/model.md): about three and four times the
  // default net's multiply-adds, in the family the dataset's benchmark table puts near 95%.
  resnet14: {
    description: 'a ResNet-14: 16, 32, 64 filters at 28, 14, 7 px, two basic blocks a stage, global average pool → Dense 10',
    build: (seed) => residualNet('resnet14', [16, 32, 64], 2, seed),
  },
  resnet20: {
    description: 'a ResNet-20, the CIFAR ResNet of He et al.: as resnet14 with three blocks a stage',
    build: (seed) => residualNet('resnet20', [16, 32, 64], 3, seed),
  },
  // resnet14 underfits (training accuracy barely above validation): this one has four times its
  // weights for about the same multiply-adds, by pooling after the stem as the default net does.
  'wide-resnet14': {
    description: 'a wide ResNet-14: a 32-filter stem at 28 px pooled to 14, then 32, 64, 128 filters at 14, 7, 4 px, two basic blocks a stage, global average pool → Dense 10',
    build: (seed) => residualNet('wide_resnet14', [32, 64, 128], 2, seed, undefined, true),
  },
};

export const ARCHITECTURE_NAMES = Object.keys(ARCHITECTURES) as ArchitectureName[];
