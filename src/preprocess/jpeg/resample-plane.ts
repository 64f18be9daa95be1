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
  const src = plane.data;
  for (let y = 0; y < plane.height; y++) {
    const row = y * plane.stride;
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let t = 0, n = across.count[x], w0 = x * across.span, p = row + across.first[x]; t < n; t++, p++) sum += src[p] * across.weights[w0 + t];
      rows[y * width + x] = sum;
    }
  }
  const out = reused.float32(name, width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let t = 0, n = down.count[y], w0 = y * down.span, p = down.first[y] * width + x; t < n; t++, p += width) sum += rows[p] * down.weights[w0 + t];
      out[y * width + x] = sum;
    }
  }
  return out;
}

interface Taps { first: Int32Array; count: Int32Array; weights: Float32Array; span: number }

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

/** For each of `to` outputs: the source samples it reads and their weights, summing to 1. */
function filterTaps(start: number, length: number, limit: number, to: number): Taps {
  const scale = length / to;
  const radius = Math.max(1, scale);
  const span = Math.ceil(radius) * 2 + 1;
  const first = new Int32Array(to);
  const count = new Int32Array(to);
  const weights = new Float32Array(to * span);
  for (let i = 0; i < to; i++) {
    const centre = Math.min(limit - 1, Math.max(0, start + (i + 0.5) * scale - 0.5));
    const lo = Math.max(0, Math.ceil(centre - radius + 1e-9));
    const hi = Math.min(limit - 1, Math.floor(centre + radius - 1e-9), lo + span - 1);
    let total = 0;
    for (let s = lo; s <= hi; s++) total += 1 - Math.abs(s - centre) / radius;
    first[i] = lo;
    count[i] = hi - lo + 1;
    for (let s = lo; s <= hi; s++) weights[i * span + s - lo] = (1 - Math.abs(s - centre) / radius) / total;
  }
  return { first, count, weights, span };
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
