// Checks a model directory against its manifest before anything trusts it: every file listed
// with the right size and sha256, nothing loaded that is not listed, weight paths inside the
// directory, the right input and output shapes, and (verify) the golden outputs reproduced.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IMAGE_SIZE, PIXELS } from '../dataset/classes.js';
import { predictOne } from './predict-one.js';
import { ModelFileError } from './model-file-error.js';
import { loadModel, readModelJson, safeWeightPath, MODEL_JSON } from './model-files.js';
import { MANIFEST, MANIFEST_SCHEMA_VERSION, modelIdProblem, type Manifest } from './manifest.js';

/** Largest difference allowed between recorded and reproduced golden outputs (backends differ in rounding). */
export const GOLDEN_TOLERANCE = 1e-3;

export function readManifest(dir: string): Manifest {
  const path = join(dir, MANIFEST);
  if (!existsSync(dir)) throw new ModelFileError(`model directory ${dir} does not exist`);
  if (!existsSync(path)) throw new ModelFileError(`${dir} has no ${MANIFEST}; it is not a laundry-sorter model`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (err) {
    throw new ModelFileError(`${path} is not valid JSON: ${(err as Error).message.split('\n')[0]}`);
  }
  if (m?.schemaVersion !== MANIFEST_SCHEMA_VERSION) {
    throw new ModelFileError(`${path}: expected schemaVersion ${MANIFEST_SCHEMA_VERSION}, got ${JSON.stringify(m?.schemaVersion)}`);
  }
  const idProblem = modelIdProblem(m.modelId);
  if (idProblem) throw new ModelFileError(`${path}: ${idProblem}`);
  if (!Array.isArray(m.classNames) || !m.classNames.every((c) => typeof c === 'string')) {
    throw new ModelFileError(`${path}: classNames must be a list of names`);
  }
  if (!Array.isArray(m.files) || m.files.length === 0) throw new ModelFileError(`${path}: lists no files`);
  if (typeof m.calibration?.temperature !== 'number' || !(m.calibration.temperature > 0)) {
    throw new ModelFileError(`${path}: calibration.temperature must be a positive number`);
  }
  return m;
}

/** Sizes and checksums of every listed file; weight paths inside the directory and all listed. */
export function checkFiles(dir: string, m: Manifest): void {
  for (const f of m.files) {
    const path = safeWeightPath(dir, f.path);
    if (!existsSync(path)) throw new ModelFileError(`${dir}: ${f.path} is listed in ${MANIFEST} but missing`);
    const bytes = statSync(path).size;
    if (bytes !== f.bytes) throw new ModelFileError(`${dir}: ${f.path} is ${bytes} bytes, ${MANIFEST} says ${f.bytes} (truncated or replaced)`);
    const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (sha !== f.sha256) throw new ModelFileError(`${dir}: ${f.path} has sha256 ${sha.slice(0, 12)}…, ${MANIFEST} says ${f.sha256.slice(0, 12)}… (tampered or corrupt)`);
  }
  const listed = new Set(m.files.map((f) => f.path));
  // The garment model's description, and the upright finder's when it carries one.
  for (const json of [MODEL_JSON, ...(m.upright ? [m.upright.json] : [])]) {
    if (!listed.has(json)) throw new ModelFileError(`${dir}: ${MANIFEST} does not list ${json}`);
    for (const group of readModelJson(dir, json).weightsManifest) {
      for (const p of group.paths) {
        safeWeightPath(dir, p);
        if (!listed.has(p)) throw new ModelFileError(`${dir}: weight file ${p} is not listed in ${MANIFEST}, so it cannot be checked`);
      }
    }
  }
}

export function checkShapes(model: tf.LayersModel, m: Manifest, dir: string): void {
  const input = model.inputs[0].shape;
  if (input.length !== 4 || input[1] !== IMAGE_SIZE || input[2] !== IMAGE_SIZE || input[3] !== 1) {
    throw new ModelFileError(`${dir}: model input is [${input.join(', ')}], expected [null, 28, 28, 1]`);
  }
  const output = model.outputs[0].shape;
  const classes = output[output.length - 1];
  if (classes !== m.classNames.length) {
    throw new ModelFileError(`${dir}: model outputs ${classes} classes but ${MANIFEST} names ${m.classNames.length}`);
  }
}

export function decodeGolden(pixels: string): Uint8Array {
  const bytes = new Uint8Array(Buffer.from(pixels, 'base64'));
  if (bytes.length !== PIXELS) throw new ModelFileError(`golden input has ${bytes.length} bytes, expected ${PIXELS}`);
  return bytes;
}

/** The largest difference between recorded and reproduced golden outputs. */
export function goldenDifference(model: tf.LayersModel, m: Manifest): number {
  let worst = 0;
  for (const g of m.golden) {
    const out = predictOne(model, decodeGolden(g.pixels));
    if (out.length !== g.probabilities.length) throw new ModelFileError(`golden output has ${g.probabilities.length} values, model gives ${out.length}`);
    for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - g.probabilities[i]));
  }
  return worst;
}

export interface VerifiedModel { manifest: Manifest; model: tf.LayersModel; goldenDifference?: number }

/** Everything short of running the model when `golden` is false; `model verify` and pushes set it. */
export async function openVerifiedModel(dir: string, options: { golden?: boolean } = {}): Promise<VerifiedModel> {
  const manifest = readManifest(dir);
  checkFiles(dir, manifest);
  const model = await loadModel(dir);
  try {
    checkShapes(model, manifest, dir);
    if (!options.golden) return { manifest, model };
    if (manifest.golden.length === 0) throw new ModelFileError(`${dir}: ${MANIFEST} has no golden inputs to verify against`);
    const diff = goldenDifference(model, manifest);
    if (diff > GOLDEN_TOLERANCE) {
      throw new ModelFileError(`${dir}: golden outputs differ by ${diff.toExponential(2)} (allowed ${GOLDEN_TOLERANCE}); the weights do not match the manifest`);
    }
    return { manifest, model, goldenDifference: diff };
  } catch (err) {
    model.dispose();
    throw err;
  }
}
