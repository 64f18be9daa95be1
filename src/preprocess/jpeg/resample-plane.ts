// Crop and resize in one step, one component at a time, then colour conversion at the final
// size: the working image is ~7,000 pixels, the scaled decode several times that, so
// converting last does the per-pixel work once for each pixel kept.
import type { Region } from '../frame.js';
import { ReusedArrays } from './reused-arrays.js';
import type { ScaledPlane } from './scaled-decode.js';

/**
 * The `region` (fractions of the plane) resampled to `width`×`height` with a triangle filter
 * widened to the scale when shrinking (every source sample counts, as libvips' linear reduce),
 * and plain linear interpolation when enlarging (subsampled chroma). The result is a reused
 * array, one per `name`, valid until the next call with that name.
 */
export function resamplePlane(plane: ScaledPlane, region: Region, width: number, height: number, name: string): Float32Array {
  const across = tapsFor(region.x * plane.width, region.width * plane.width, plane.width, width);
  const down = tapsFor(region.y * plane.height, region.height * plane.height, plane.height, height);
  // Per component: luma and chroma rows differ in length, and one shared array would be
  // reallocated on every call.
  const rows = reused.float32(`${name} rows`, width * plane.height);
  resampleRows(plane, across, width, rows);
  const out = reused.float32(name, width * height);
  resampleColumns(rows, down, width, height, out);
  return out;
}

/**
 * Across each row. Every output reads exactly `span` samples (unused ones weigh 0), so the
 * spans met in practice (3 when enlarging chroma, 5 when shrinking by less than 2) are
 * unrolled: the loop over taps cost more than the multiplications.
 */
function resampleRows(plane: ScaledPlane, taps: Taps, width: number, rows: Float32Array): void {
  const { first, weights, span } = taps;
  const src = plane.data;
  for (let y = 0, o = 0; y < plane.height; y++) {
    const row = y * plane.stride;
    if (span === 3) {
      for (let x = 0, w = 0; x < width; x++, o++, w += 3) {
        const p = row + first[x];
        rows[o] = src[p] * weights[w] + src[p + 1] * weights[w + 1] + src[p + 2] * weights[w + 2];
      }
    } else if (span === 5) {
      for (let x = 0, w = 0; x < width; x++, o++, w += 5) {
        const p = row + first[x];
        rows[o] = src[p] * weights[w] + src[p + 1] * weights[w + 1] + src[p + 2] * weights[w + 2] + src[p + 3] * weights[w + 3] + src[p + 4] * weights[w + 4];
      }
    } else {
      for (let x = 0, w = 0; x < width; x++, o++, w += span) {
        let sum = 0;
        for (let t = 0, p = row + first[x]; t < span; t++, p++) sum += src[p] * weights[w + t];
        rows[o] = sum;
      }
    }
  }
}

/** Down each column, a whole row at a time: memory is read in order, not `width` apart. */
function resampleColumns(rows: Float32Array, taps: Taps, width: number, height: number, out: Float32Array): void {
  const { first, weights, span } = taps;
  for (let y = 0; y < height; y++) {
    const o = y * width;
    let r = first[y] * width;
    const w0 = weights[y * span];
    for (let x = 0; x < width; x++) out[o + x] = rows[r + x] * w0;
    for (let t = 1; t < span; t++) {
      r += width;
      const w = weights[y * span + t];
      if (w === 0) continue;
      for (let x = 0; x < width; x++) out[o + x] += rows[r + x] * w;
    }
  }
}

/** Each output reads `span` samples from `first` on, with these weights (zero past the filter's reach). */
interface Taps { first: Int32Array; weights: Float32Array; span: number }

const reused = new ReusedArrays();
/** Taps depend only on the geometry, the same for every frame of a camera. */
const tapsCache = new Map<string, Taps>();

function tapsFor(start: number, length: number, limit: number, to: number): Taps {
  const key = `${start} ${length} ${limit} ${to}`;
  let taps = tapsCache.get(key);
  if (!taps) {
    if (tapsCache.size >= 32) tapsCache.clear();
    tapsCache.set(key, (taps = filterTaps(start, length, limit, to)));
  }
  return taps;
}

/**
 * For each of `to` outputs: the source samples it reads and their weights, summing to 1. The
 * window is moved inside the plane at its edges rather than shortened, so every output has
 * the same number of taps.
 */
function filterTaps(start: number, length: number, limit: number, to: number): Taps {
  const scale = length / to;
  const radius = Math.max(1, scale);
  const span = Math.min(limit, Math.ceil(radius) * 2 + 1);
  const first = new Int32Array(to);
  const weights = new Float32Array(to * span);
  for (let i = 0; i < to; i++) {
    const centre = Math.min(limit - 1, Math.max(0, start + (i + 0.5) * scale - 0.5));
    const lo = Math.max(0, Math.ceil(centre - radius + 1e-9));
    const hi = Math.min(limit - 1, Math.floor(centre + radius - 1e-9), lo + span - 1);
    const from = Math.min(lo, limit - span);
    let total = 0;
    for (let s = lo; s <= hi; s++) total += 1 - Math.abs(s - centre) / radius;
    first[i] = from;
    for (let s = lo; s <= hi; s++) weights[i * span + s - from] = (1 - Math.abs(s - centre) / radius) / total;
  }
  return { first, weights, span };
}

/** JFIF YCbCr → interleaved RGB bytes; a lone plane is gray. */
export function toRgb(y: Float32Array, cb: Float32Array | undefined, cr: Float32Array | undefined): Uint8Array {
  const out = new Uint8Array(y.length * 3);
  for (let i = 0, o = 0; i < y.length; i++, o += 3) {
    const luma = y[i];
    if (!cb || !cr) {
      out[o] = out[o + 1] = out[o + 2] = toByte(luma);
      continue;
    }
    const b = cb[i] - 128;
    const r = cr[i] - 128;
    out[o] = toByte(luma + 1.402 * r);
    out[o + 1] = toByte(luma - 0.344136 * b - 0.714136 * r);
    out[o + 2] = toByte(luma + 1.772 * b);
  }
  return out;
}

/** Rounded and clamped to 0–255 (cheaper than a Uint8ClampedArray store, which rounds half to even). */
function toByte(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : (value + 0.5) | 0;
}
