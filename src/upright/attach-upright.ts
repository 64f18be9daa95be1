// A garment model with an upright finder beside it, as one new model directory: the garment
// model's files as they are, the finder as upright.json + upright.bin, and a manifest listing
// and checksumming all of them, so a push, verify and rollback treat the pair as one model.
// The pair gets its own id: a sorter reporting it says exactly which two nets decided.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MANIFEST, type Manifest, type UprightRecord } from '../model/manifest.js';
import { saveModel, WEIGHTS_BIN } from '../model/model-files.js';
import { fileEntry } from '../model/package-model.js';
import { predictOne } from '../model/predict-one.js';
import { checkFiles, decodeGolden, readManifest } from '../model/verify-model.js';
import { quarterTurn } from '../pose/views.js';
import { PIXELS } from '../dataset/classes.js';
import type { UprightResult } from './train-upright.js';
import { UPRIGHT_TURNS } from './upright-net.js';

export const UPRIGHT_FILES = { json: 'upright.json', weights: 'upright.bin' } as const;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The garment model's golden images, each turned a different way, with the finder's outputs. */
function finderGolden(finder: tf.LayersModel, manifest: Manifest): UprightRecord['golden'] {
  return manifest.golden.map((g, i) => {
    const turned = new Uint8Array(PIXELS);
    quarterTurn(decodeGolden(g.pixels), UPRIGHT_TURNS[i % UPRIGHT_TURNS.length], turned);
    return { pixels: Buffer.from(turned).toString('base64'), probabilities: Array.from(predictOne(finder, turned)) };
  });
}

/** Writes `outDir`: the model in `modelDir` (its own finder, if any, replaced) with `finder` beside it. */
export async function attachUpright(modelDir: string, finder: UprightResult, outDir: string, backend: string): Promise<Manifest> {
  const base = readManifest(modelDir);
  checkFiles(modelDir, base);
  const staging = `${outDir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const own = base.files.filter((f) => f.path !== base.upright?.json && f.path !== base.upright?.weights);
  for (const f of own) copyFileSync(join(modelDir, f.path), join(staging, f.path));
  await saveModel(finder.model, staging, UPRIGHT_FILES);
  const files = [...own, fileEntry(staging, UPRIGHT_FILES.json), fileEntry(staging, UPRIGHT_FILES.weights)];
  const date = new Date().toISOString();
  const weights = own.find((f) => f.path === WEIGHTS_BIN)?.sha256 ?? '';
  const pair = sha256(Buffer.from(weights + files[files.length - 1].sha256)).slice(0, 8);
  const manifest: Manifest = {
    ...base,
    modelId: `${base.training.architecture}-${date.slice(0, 10).replace(/-/g, '')}-${pair}`,
    files,
    upright: {
      ...UPRIGHT_FILES,
      testTurnAccuracy: finder.testAccuracy,
      perClassTurnAccuracy: finder.perClassAccuracy,
      settings: finder.settings,
      history: finder.history,
      backend,
      tfjsVersion: tf.version.tfjs,
      date,
      golden: finderGolden(finder.model, base),
    },
  };
  writeFileSync(join(staging, MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
  // The finished directory appears in one rename; a crash leaves only the staging copy.
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  return manifest;
}
