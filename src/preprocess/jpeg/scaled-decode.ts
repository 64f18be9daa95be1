// Decodes a baseline JPEG straight to 1/8 or 1/4 of its size. The sorter only needs a ~96 px
// picture of a 640×480 frame, and a scaled decode never builds the full-size image: at 1/8 each
// 8×8 block is its mean (the DC coefficient), at 1/4 it is the means of its four 4×4 quarters,
// which the coefficients give exactly (only rows and columns 0, 1, 3, 5 and 7 contribute).
// The Huffman data still has to be read in full; that is most of the work.
import { BitReader, NO_VALUE } from './huffman.js';
import type { JpegHeader } from './jpeg-header.js';
import { ReusedArrays } from './reused-arrays.js';

/** One component (Y, Cb or Cr) at the scaled size, its rows padded to whole blocks. */
export interface ScaledPlane {
  data: Float32Array;
  stride: number;
  /** The part that is picture, not padding. */
  width: number;
  height: number;
}

export type BlockScale = 1 | 2;

/** Zig-zag index → natural (row·8 + column) index. */
const NATURAL = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** Mean of the 1-D IDCT basis of frequency u over pixels 0–3, times C(u) (1/√2 for u = 0). */
const QUARTER_MEAN = Array.from({ length: 8 }, (_, u) => {
  let sum = 0;
  for (let x = 0; x < 4; x++) sum += Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  return (u === 0 ? Math.SQRT1_2 : 1) * (sum / 4);
});

/**
 * Per zig-zag index: the weight of that coefficient in the top-left quarter's mean, and whether
 * it changes sign for the right and the bottom quarters (odd frequencies do).
 */
const QUARTER = (() => {
  const weight = new Float64Array(64);
  const flipX = new Int8Array(64);
  const flipY = new Int8Array(64);
  for (let k = 0; k < 64; k++) {
    const v = NATURAL[k] >> 3;
    const u = NATURAL[k] & 7;
    weight[k] = (QUARTER_MEAN[u] * QUARTER_MEAN[v]) / 4;
    flipX[k] = u & 1 ? -1 : 1;
    flipY[k] = v & 1 ? -1 : 1;
  }
  return { weight, flipX, flipY };
})();

class CorruptData extends Error {}

/** The planes returned are these arrays: valid until the next frame is decoded. */
const reused = new ReusedArrays();

/** Decodes the scan (into arrays reused by the next call); undefined if the entropy data is corrupt or cut short (sharp then says why). */
export function decodeScaled(header: JpegHeader, bytes: Uint8Array, scale: BlockScale): ScaledPlane[] | undefined {
  try {
    return decode(header, bytes, scale);
  } catch (err) {
    if (err instanceof CorruptData) return undefined;
    throw err;
  }
}

function decode(header: JpegHeader, bytes: Uint8Array, scale: BlockScale): ScaledPlane[] {
  const single = header.components.length === 1; // a one-component scan has one block per MCU
  const comps = header.components.map((c) => ({ ...c, h: single ? 1 : c.h, v: single ? 1 : c.v }));
  const maxH = Math.max(...comps.map((c) => c.h));
  const maxV = Math.max(...comps.map((c) => c.v));
  const mcusX = Math.ceil(header.width / (8 * maxH));
  const mcusY = Math.ceil(header.height / (8 * maxV));
  const planes = comps.map((c, index) => {
    const width = mcusX * c.h * scale;
    // Weights with dequantisation folded in, so each coefficient costs four multiply-adds.
    const q = header.quant[c.quant];
    const weights = Float64Array.from(QUARTER.weight, (w, k) => w * q[k]);
    // Every block writes its pixels, padding included, so a reused plane needs no clearing.
    return { c, width, data: reused.float32(`plane${index}`, width * mcusY * c.v * scale), weights, dc: header.dc[c.dcTable], ac: header.ac[c.acTable], predictor: 0 };
  });
  const reader = new BitReader(bytes, header.scanStart);
  const { flipX, flipY } = QUARTER;
  let sinceRestart = 0;
  for (let my = 0; my < mcusY; my++) {
    for (let mx = 0; mx < mcusX; mx++) {
      if (header.restartInterval > 0 && sinceRestart === header.restartInterval) {
        const marker = reader.nextMarker();
        if (marker < 0xd0 || marker > 0xd7) throw new CorruptData();
        for (const p of planes) p.predictor = 0;
        sinceRestart = 0;
      }
      sinceRestart++;
      for (let c = 0; c < planes.length; c++) {
        const p = planes[c];
        const { h, v } = p.c;
        const { weights, dc, ac, data, width } = p;
        for (let by = 0; by < v; by++) {
          for (let bx = 0; bx < h; bx++) {
            const dcFast = reader.fast(dc);
            if (dcFast !== 0) p.predictor += dcFast >> 16;
            else {
              const dcSize = reader.decode(dc);
              if (dcSize < 0 || dcSize > 11) throw new CorruptData();
              if (dcSize > 0) p.predictor += reader.receiveExtend(dcSize);
            }
            const dcValue = p.predictor * weights[0];
            let tl = dcValue, tr = dcValue, bl = dcValue, br = dcValue;
            for (let k = 1; k < 64;) {
              let value: number;
              const fast = reader.fast(ac);
              if (fast !== 0) {
                if (fast & NO_VALUE) {
                  if ((fast & 0xf00) !== 0xf00) break; // end of block; run 15 with no value is 16 zeros
                  k += 16;
                  continue;
                }
                k += (fast >> 8) & 15;
                value = fast >> 16;
              } else {
                const symbol = reader.decode(ac);
                if (symbol < 0) throw new CorruptData();
                const size = symbol & 15;
                if (size === 0) {
                  if (symbol !== 0xf0) break;
                  k += 16;
                  continue;
                }
                k += symbol >> 4;
                value = reader.receiveExtend(size);
              }
              if (k > 63) throw new CorruptData();
              if (scale === 2) {
                const w = value * weights[k];
                if (w !== 0) {
                  tl += w;
                  tr += w * flipX[k];
                  bl += w * flipY[k];
                  br += w * flipX[k] * flipY[k];
                }
              }
              k++;
            }
            const at = ((my * v + by) * scale) * width + (mx * h + bx) * scale;
            if (scale === 1) data[at] = 128 + dcValue;
            else {
              data[at] = 128 + tl;
              data[at + 1] = 128 + tr;
              data[at + width] = 128 + bl;
              data[at + width + 1] = 128 + br;
            }
          }
        }
      }
      if (reader.overran) throw new CorruptData();
    }
  }
  if (reader.nextMarker() !== 0xd9) throw new CorruptData(); // the scan must end at EOI: anything else was cut or damaged
  // A component's own size is the image's scaled by its sampling (JPEG spec A.1.1).
  return planes.map((p) => ({
    data: p.data, stride: p.width,
    width: Math.ceil((Math.ceil((header.width * p.c.h) / maxH) * scale) / 8),
    height: Math.ceil((Math.ceil((header.height * p.c.v) / maxV) * scale) / 8),
  }));
}
