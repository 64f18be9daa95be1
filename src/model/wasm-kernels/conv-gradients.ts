// Conv gradients for the wasm backend, built from its fast forward Conv2D (XNNPACK).
//
// tfjs-backend-wasm ships no Conv2DBackpropFilter, so fit() on any conv net throws, and its
// Conv2DBackpropInput is a slow scalar loop. Both gradients of a convolution are themselves
// convolutions (NHWC, filter [kh, kw, in, out]):
//   dW = conv(x^T, dy^T)      x^T: [in, H, W, batch], dy^T used as a filter [oh, ow, batch, out]
//   dx = conv(dy, rot180(W)^T) with "full" padding
// A forward stride s becomes a dilation s of dy in dW. tfjs itself refuses gradients of
// dilated convs, so these kernels never see a dilation and reject one if it ever comes.
import * as tf from '@tensorflow/tfjs';

type Explicit = [[number, number], [number, number], [number, number], [number, number]];

export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | Explicit;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dilations?: number | [number, number];
}

export const pair = (v: number | [number, number] | undefined): [number, number] =>
  v === undefined ? [1, 1] : typeof v === 'number' ? [v, v] : v;

function assertSupported(attrs: ConvAttrs, kernel: string): void {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports dataFormat NHWC only, got ${attrs.dataFormat}`);
  }
  if (pair(attrs.dilations).some((d) => d !== 1)) {
    throw new Error(`${kernel} on wasm supports dilation 1 only, got ${String(attrs.dilations)}`);
  }
}

/** Forward padding (top, left) exactly as tfjs computes it for these shapes and attrs. */
function forwardPadding(
  xShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  attrs: ConvAttrs,
): { top: number; left: number; outHeight: number; outWidth: number } {
  const info = tf.backend_util.computeConv2DInfo(
    xShape, filterShape, pair(attrs.strides), pair(attrs.dilations),
    attrs.pad, attrs.dimRoundingMode, false, 'channelsLast',
  );
  return { top: info.padInfo.top, left: info.padInfo.left, outHeight: info.outHeight, outWidth: info.outWidth };
}

/** Pads (or, for a negative amount, crops) the far edge so a stride-1 conv yields `want` rows. */
function fitFarEdge(x: tf.Tensor4D, axis: 1 | 2, far: number): tf.Tensor4D {
  if (far >= 0) return x;
  const size = x.shape.slice() as number[];
  size[axis] += far;
  return tf.slice(x, [0, 0, 0, 0], size);
}

export function conv2dFilterGradient(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number], attrs: ConvAttrs,
): tf.Tensor4D {
  assertSupported(attrs, 'Conv2DBackpropFilter');
  const [strideH, strideW] = pair(attrs.strides);
  const [kh, kw] = filterShape;
  const pad = forwardPadding(x.shape, filterShape, attrs);
  if (strideH === 1 && strideW === 1 && x.shape[3] === 1) return singleChannelFilterGradient(x, dy, filterShape, pad);
  return tf.tidy(() => {
    const [, oh, ow] = dy.shape;
    // Rows of x^T the backward conv reaches: kh taps, plus dy's taps spaced by the stride.
    // Rows a strided forward conv never read are cropped off (a negative far edge).
    const bottom = kh + (oh - 1) * strideH - x.shape[1] - pad.top;
    const right = kw + (ow - 1) * strideW - x.shape[2] - pad.left;
    const xs = fitFarEdge(fitFarEdge(x, 1, bottom), 2, right);
    const xT = tf.transpose(xs, [3, 1, 2, 0]) as tf.Tensor4D;
    const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
    const r = tf.conv2d(
      xT, dyT, 1, [[0, 0], [pad.top, Math.max(bottom, 0)], [pad.left, Math.max(right, 0)], [0, 0]],
      'NHWC', [strideH, strideW],
    );
    return tf.transpose(r, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/**
 * A first layer sees one input channel, where the conv form above leaves XNNPACK only kh·kw
 * output pixels to spread work over (~1 GMAC/s). With one channel the im2col matrix is just the
 * kh·kw shifted copies of x, built here in JS (wasm's strided Slice is slow on 1-channel
 * tensors), so dW is one well-shaped matmul: [kh·kw, B·oh·ow] @ [B·oh·ow, out].
 */
function singleChannelFilterGradient(
  x: tf.Tensor4D, dy: tf.Tensor4D, filterShape: [number, number, number, number],
  pad: { top: number; left: number },
): tf.Tensor4D {
  const [kh, kw, , out] = filterShape;
  const [batch, oh, ow] = dy.shape;
  const [, height, width] = x.shape;
  const pixels = x.dataSync();
  const columns = batch * oh * ow;
  const patches = new Float32Array(kh * kw * columns);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      let at = (i * kw + j) * columns;
      for (let b = 0; b < batch; b++) {
        for (let r = 0; r < oh; r++) {
          const y = r + i - pad.top;
          const rowStart = (b * height + y) * width;
          for (let c = 0; c < ow; c++, at++) {
            const xc = c + j - pad.left;
            if (y >= 0 && y < height && xc >= 0 && xc < width) patches[at] = pixels[rowStart + xc];
          }
        }
      }
    }
  }
  return tf.tidy(() =>
    tf.matMul(tf.tensor2d(patches, [kh * kw, columns]), dy.reshape([columns, out])).reshape(filterShape) as tf.Tensor4D,
  );
}

export function conv2dInputGradient(
  dy: tf.Tensor4D, filter: tf.Tensor4D, inputShape: [number, number, number, number], attrs: ConvAttrs,
): tf.Tensor4D {
  assertSupported(attrs, 'Conv2DBackpropInput');
  if (pair(attrs.strides).some((s) => s !== 1)) {
    throw new Error('the fast Conv2DBackpropInput handles stride 1 only; strided convs use the stock kernel');
  }
  const [kh, kw] = filter.shape;
  const pad = forwardPadding(inputShape, filter.shape, attrs);
  return tf.tidy(() => {
    // "Full" padding: every input pixel meets every kernel tap that touched it going forward.
    const top = kh - 1 - pad.top;
    const left = kw - 1 - pad.left;
    const bottom = inputShape[1] - dy.shape[1] - top + kh - 1;
    const right = inputShape[2] - dy.shape[2] - left + kw - 1;
    const ys = fitFarEdge(fitFarEdge(dy, 1, bottom), 2, right);
    const flipped = flipAndSwap(filter);
    return tf.conv2d(ys, flipped, 1, [[0, 0], [top, Math.max(bottom, 0)], [left, Math.max(right, 0)], [0, 0]], 'NHWC');
  });
}

/**
 * rot180(W)ᵀ: the filter turned half round in space, its in and out channels swapped. Filters
 * are small (at most a few hundred thousand values), and wasm's Reverse and Transpose on 4-D
 * tensors are slow generic loops, so it is done here in one pass.
 */
function flipAndSwap(filter: tf.Tensor4D): tf.Tensor4D {
  const [kh, kw, inputs, outputs] = filter.shape;
  const w = filter.dataSync();
  const out = new Float32Array(w.length);
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const from = (i * kw + j) * inputs * outputs;
      const to = ((kh - 1 - i) * kw + (kw - 1 - j)) * inputs * outputs;
      for (let c = 0; c < inputs; c++) {
        for (let o = 0; o < outputs; o++) out[to + o * inputs + c] = w[from + c * outputs + o];
      }
    }
  }
  return tf.tensor4d(out, [kh, kw, outputs, inputs]);
}
