import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { maxRelativeError, onBackend, seededValues } from '../helpers/backends.js';

type Pad = 'same' | 'valid';
interface ConvCase { batch: number; size: [number, number]; inC: number; outC: number; kernel: [number, number]; stride: number; pad: Pad }

const CONV_CASES: ConvCase[] = [];
for (const pad of ['same', 'valid'] as Pad[]) {
  for (const stride of [1, 2]) {
    CONV_CASES.push(
      { batch: 1, size: [5, 5], inC: 1, outC: 3, kernel: [3, 3], stride, pad },
      { batch: 4, size: [28, 28], inC: 1, outC: 8, kernel: [3, 3], stride, pad },
      { batch: 3, size: [7, 9], inC: 5, outC: 4, kernel: [3, 3], stride, pad },
      { batch: 2, size: [14, 14], inC: 16, outC: 32, kernel: [3, 3], stride, pad },
      { batch: 2, size: [11, 6], inC: 3, outC: 2, kernel: [5, 2], stride, pad },
      { batch: 5, size: [8, 8], inC: 2, outC: 6, kernel: [1, 1], stride, pad },
      { batch: 1, size: [6, 7], inC: 4, outC: 4, kernel: [4, 4], stride, pad },
    );
  }
}

function convGradients(c: ConvCase): { dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(c.batch * c.size[0] * c.size[1] * c.inC, 1), [c.batch, ...c.size, c.inC]);
    const w = tf.tensor4d(seededValues(c.kernel[0] * c.kernel[1] * c.inC * c.outC, 2), [...c.kernel, c.inC, c.outC]);
    const weightsOut = (y: tf.Tensor) => tf.tensor(seededValues(y.size, 3), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
      const y = tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad);
      return tf.sum(tf.mul(y, weightsOut(y)));
    })([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

const describe = (c: ConvCase) =>
  `batch ${c.batch}, ${c.size.join('×')}×${c.inC} → ${c.outC}, kernel ${c.kernel.join('×')}, stride ${c.stride}, ${c.pad}`;

for (const c of CONV_CASES) {
  test(`conv2d gradients on wasm match cpu: ${describe(c)}`, async () => {
    const expected = await onBackend('cpu', () => convGradients(c));
    const actual = await onBackend('wasm', () => convGradients(c));
    assert.ok(maxRelativeError(actual.dw, expected.dw) < 1e-4, `filter gradient off by ${maxRelativeError(actual.dw, expected.dw)}`);
    assert.ok(maxRelativeError(actual.dx, expected.dx) < 1e-4, `input gradient off by ${maxRelativeError(actual.dx, expected.dx)}`);
  });
}

const POOL_CASES = [
  { shape: [2, 28, 28, 4], size: 2, stride: 2, pad: 'valid' as Pad },
  { shape: [1, 7, 7, 3], size: 2, stride: 2, pad: 'same' as Pad },
  { shape: [3, 9, 8, 2], size: 3, stride: 2, pad: 'valid' as Pad },
  { shape: [2, 6, 6, 5], size: 3, stride: 1, pad: 'same' as Pad },
];

for (const p of POOL_CASES) {
  test(`maxPool gradient on wasm matches cpu: ${p.shape.join('×')}, window ${p.size}, stride ${p.stride}, ${p.pad}`, async () => {
    const run = () => tf.tidy(() => {
      const x = tf.tensor4d(seededValues(p.shape.reduce((a, b) => a * b), 4), p.shape as [number, number, number, number]);
      // Ties: zeroed negatives, as ReLU leaves them, must route like the cpu backend (first wins).
      const relu = tf.relu(x);
      return tf.grad((a: tf.Tensor) => {
        const y = tf.maxPool(a as tf.Tensor4D, p.size, p.stride, p.pad);
        return tf.sum(tf.mul(y, tf.tensor(seededValues(y.size, 5), y.shape)));
      })(relu).dataSync();
    });
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    assert.ok(maxRelativeError(actual, expected) < 1e-6, `off by ${maxRelativeError(actual, expected)}`);
  });
}

for (const [transposeA, transposeB] of [[true, false], [false, true], [true, true]]) {
  test(`matMul with transposeA=${transposeA}, transposeB=${transposeB} on wasm matches cpu`, async () => {
    const run = () => tf.tidy(() => {
      const a = tf.tensor2d(seededValues(7 * 13, 6), transposeA ? [13, 7] : [7, 13]);
      const b = tf.tensor2d(seededValues(13 * 5, 7), transposeB ? [5, 13] : [13, 5]);
      return tf.matMul(a, b, transposeA, transposeB).dataSync();
    });
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    assert.ok(maxRelativeError(actual, expected) < 1e-5);
  });
}

test('matMul a @ bᵀ with b much larger than a (a dense layer\'s input gradient, computed as (b @ aᵀ)ᵀ) matches cpu, batched too', async () => {
  for (const [aShape, bShape] of [[[4, 13], [40, 13]], [[2, 3, 13], [2, 40, 13]]]) {
    const run = () => tf.tidy(() => {
      const a = tf.tensor(seededValues(aShape.reduce((x, y) => x * y), 8), aShape);
      const b = tf.tensor(seededValues(bShape.reduce((x, y) => x * y), 9), bShape);
      return tf.matMul(a as tf.Tensor3D, b as tf.Tensor3D, false, true).dataSync();
    });
    const expected = await onBackend('cpu', run);
    const actual = await onBackend('wasm', run);
    assert.equal(actual.length, expected.length);
    assert.ok(maxRelativeError(actual, expected) < 1e-5, `${aShape} @ ${bShape}ᵀ off by ${maxRelativeError(actual, expected)}`);
  }
});

test('a dilated conv gradient is rejected with a clear message rather than computed wrongly', async () => {
  await onBackend('wasm', () => {
    const x = tf.zeros([1, 5, 5, 1]);
    const dy = tf.zeros([1, 5, 5, 1]);
    assert.throws(
      () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dilations: 2, filterShape: [3, 3, 1, 1] } as never),
      /dilation 1 only/,
    );
  });
});
