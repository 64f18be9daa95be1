// Stores a layers model's float32 weights as float16, the quantization tfjs weight manifests
// know (`"quantization": {"dtype": "float16"}`): half the bytes on disk and over SSH, and tfjs
// turns them back into float32 when it loads the model, so nothing else changes. Whatever is
// measured or recorded about a model (test accuracy, golden outputs) is measured after this,
// on the weights as stored.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_JSON, readModelJson, readWeightData, WEIGHTS_BIN, writeAtomically } from './model-files.js';

export type WeightStorage = 'float32' | 'float16';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 half precision bits of `value`, rounded to nearest, ties to even; overflow → ±Inf. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf, NaN
  let e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal half (or zero): shift the mantissa, with its implicit 1, into place.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (rest > midpoint || (rest === midpoint && (half & 1)) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  // Rounding up may carry into the exponent, which is still the right half (up to Inf).
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? 1 : 0));
}

/**
 * Rewrites the model directory `dir` (model.json + one weights file, float32) into `outDir`
 * with float16 weights. Returns the bytes before and after.
 */
export function storeAsFloat16(dir: string, outDir: string): { before: number; after: number } {
  const json = readModelJson(dir);
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const data = readWeightData(dir, json);
  const floats = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  const halves = new Uint16Array(floats.length);
  let at = 0;
  const stored = specs.map((spec) => {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32' || spec.quantization) throw new Error(`${dir}: weight ${spec.name} is not plain float32, so it cannot be stored as float16`);
    for (let i = at; i < at + size; i++) halves[i] = toFloat16Bits(floats[i]);
    at += size;
    return { ...spec, quantization: { dtype: 'float16' as const } };
  });
  if (at !== floats.length) throw new Error(`${dir}: the weights file holds ${floats.length} values, model.json lists ${at}`);
  mkdirSync(outDir, { recursive: true });
  const bytes = Buffer.from(halves.buffer);
  writeAtomically(join(outDir, WEIGHTS_BIN), bytes);
  writeAtomically(join(outDir, MODEL_JSON), JSON.stringify({ ...json, weightsManifest: [{ paths: [WEIGHTS_BIN], weights: stored }] }));
  return { before: data.length, after: bytes.length };
}

/** How the weights in a model directory are stored, from its model.json. */
export function weightStorageOf(dir: string): WeightStorage {
  const specs = readModelJson(dir).weightsManifest.flatMap((g) => g.weights);
  return specs.length > 0 && specs.every((s) => (s.quantization as { dtype?: string } | undefined)?.dtype === 'float16') ? 'float16' : 'float32';
}
