// Reads and writes a tfjs layers model as a directory: model.json + weights.bin, the format
// tfjs-node's file:// handler and tfjs-converter use, so models move between them freely.
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { ModelFileError } from './model-file-error.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface ModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

function concat(data: ArrayBuffer | ArrayBuffer[]): Buffer {
  return Array.isArray(data) ? Buffer.concat(data.map((b) => Buffer.from(b))) : Buffer.from(data);
}

/** Writes each file beside its final name first, then renames: a crash never leaves a half model.json. */
export function writeAtomically(path: string, data: string | Uint8Array): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/** The file names of a model in a directory: model.json and weights.bin, or another pair beside them (a companion net). */
export interface ModelNames { json: string; weights: string }
export const MODEL_NAMES: ModelNames = { json: MODEL_JSON, weights: WEIGHTS_BIN };

export async function saveModel(model: tf.LayersModel, dir: string, names: ModelNames = MODEL_NAMES): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const json: ModelJson = {
      format: 'layers-model',
      modelTopology: artifacts.modelTopology as object,
      weightsManifest: [{ paths: [names.weights], weights: artifacts.weightSpecs ?? [] }],
    };
    writeAtomically(join(dir, names.weights), concat(artifacts.weightData as ArrayBuffer | ArrayBuffer[]));
    writeAtomically(join(dir, names.json), JSON.stringify({ ...json, generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`, convertedBy: null }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
}

/** A weight path from model.json, refused if it could leave the model directory. */
export function safeWeightPath(dir: string, path: string): string {
  const clean = normalize(path);
  if (isAbsolute(path) || clean === '..' || clean.startsWith(`..${sep}`) || clean.includes(`${sep}..${sep}`)) {
    throw new ModelFileError(`weight path \`${path}\` in ${MODEL_JSON} leaves the model directory`);
  }
  return join(dir, clean);
}

export function readModelJson(dir: string, name = MODEL_JSON): ModelJson {
  let json: ModelJson;
  try {
    json = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ModelJson;
  } catch (err) {
    throw new ModelFileError(`cannot read ${join(dir, name)}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!json || typeof json.modelTopology !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new ModelFileError(`${join(dir, name)} is not a tfjs layers model (no modelTopology or weightsManifest)`);
  }
  return json;
}

/** Every weight file model.json lists, in order, as one buffer. */
export function readWeightData(dir: string, json: ModelJson): Buffer {
  return Buffer.concat(json.weightsManifest.flatMap((g) => g.paths.map((p) => readFileSync(safeWeightPath(dir, p)))));
}

export async function loadModel(dir: string, name = MODEL_JSON): Promise<tf.LayersModel> {
  const json = readModelJson(dir, name);
  const weightSpecs = json.weightsManifest.flatMap((g) => g.weights);
  const weightData = new Uint8Array(readWeightData(dir, json)).buffer;
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData }));
  } catch (err) {
    throw new ModelFileError(`${dir}: tfjs could not build the model: ${(err as Error).message.split('\n')[0]}`);
  }
}
