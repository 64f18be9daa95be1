// A garment model paired with an upright finder: one directory the sorter checks as a whole,
// and loads with the finder weighing the views.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadClassifier } from '../../src/classifier/classifier.js';
import { PIXELS } from '../../src/dataset/classes.js';
import { initBackend } from '../../src/model/backend.js';
import { MANIFEST, type Manifest } from '../../src/model/manifest.js';
import { loadModel } from '../../src/model/model-files.js';
import { predictBatch, predictOne } from '../../src/model/predict-one.js';
import { quarterTurnViews, viewAt } from '../../src/pose/views.js';
import { attachUpright, UPRIGHT_FILES } from '../../src/upright/attach-upright.js';
import { DEFAULT_UPRIGHT_SETTINGS, trainUpright } from '../../src/upright/train-upright.js';
import { makeTinyModel } from '../helpers/tiny-model.js';
import { tinyData } from '../helpers/tiny-training.js';
import { tempDir } from '../helpers/temp-dir.js';
import { realImages } from '../helpers/tiny-data.js';
import { createHash } from 'node:crypto';
import { runCli } from '../helpers/cli.js';

// Made here, not in the hook: a temp dir made inside a hook is removed when the hook ends.
const [plainRun, finderRun, pairedRun] = [tempDir(), tempDir(), tempDir()];
let plain: string;
const paired = join(pairedRun, 'model');
before(async () => {
  await initBackend('wasm');
  plain = await makeTinyModel(plainRun);
  const finder = await trainUpright({ data: tinyData(2000, 200), settings: { ...DEFAULT_UPRIGHT_SETTINGS, epochs: 1 }, outDir: finderRun });
  await attachUpright(plain, finder, paired, 'wasm');
  finder.model.dispose();
});

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
const garment = (i: number) => realImages('testImages', i + 1).subarray(i * PIXELS);

test('the pair is a new model: its own id, the garment model unchanged, the finder listed and checksummed', () => {
  const before = manifestOf(plain);
  const after = manifestOf(paired);
  assert.notEqual(after.modelId, before.modelId);
  assert.deepEqual(after.golden, before.golden);
  assert.equal(readFileSync(join(paired, 'weights.bin')).equals(readFileSync(join(plain, 'weights.bin'))), true);
  const listed = after.files.map((f) => f.path);
  for (const f of [UPRIGHT_FILES.json, UPRIGHT_FILES.weights]) assert.ok(listed.includes(f), `${f} listed`);
  assert.equal(after.upright?.golden.length, before.golden.length);
});

test('the sorter loads the pair and lets the finder weigh the views; a plain model falls back to the most confident view', async () => {
  const withFinder = await loadClassifier(paired);
  const without = await loadClassifier(plain);
  assert.equal(withFinder.hasUprightFinder, true);
  assert.equal(without.hasUprightFinder, false);
  const views = quarterTurnViews(garment(0), 4);
  const c = withFinder.classifyViews(views);
  assert.equal(c.rule, 'upright');
  assert.equal(c.uprightWeights?.length, 4);
  assert.ok(Math.abs(c.uprightWeights!.reduce((a, b) => a + b) - 1) < 1e-5);
  const fallback = without.classifyViews(views, 'upright');
  assert.equal(fallback.rule, 'max');
  assert.equal(fallback.uprightWeights, undefined);
  withFinder.dispose(); without.dispose();
});

test('the finder gives each view in the batch what it gives that view alone', async () => {
  const finder = await loadModel(paired, UPRIGHT_FILES.json);
  for (let i = 0; i < 5; i++) {
    const views = quarterTurnViews(garment(i), 4);
    const together = predictBatch(finder, views, 4);
    for (let v = 0; v < 4; v++) {
      const alone = predictOne(finder, viewAt(views, v));
      alone.forEach((p, k) => assert.ok(Math.abs(p - together[v * 4 + k]) < 1e-5, `garment ${i} view ${v} turn ${k}`));
    }
  }
  finder.dispose();
});

test('a damaged finder is refused with the file named; one swapped with its checksum fixed fails its golden outputs', async () => {
  const damaged = tempDir();
  const swapped = tempDir();
  for (const dir of [damaged, swapped]) {
    for (const f of manifestOf(paired).files.map((x) => x.path).concat(MANIFEST)) writeFileSync(join(dir, f), readFileSync(join(paired, f)));
  }
  const bin = readFileSync(join(damaged, UPRIGHT_FILES.weights));
  bin[100] ^= 0xff;
  writeFileSync(join(damaged, UPRIGHT_FILES.weights), bin);
  await assert.rejects(loadClassifier(damaged), /upright\.bin has sha256/);
  // Swapped: the weights changed and the manifest's checksum rewritten to match, as an attacker would.
  const floats = new Float32Array(readFileSync(join(swapped, UPRIGHT_FILES.weights)).buffer.slice(0));
  for (let i = 0; i < floats.length; i++) floats[i] *= 1.5;
  const bytes = Buffer.from(floats.buffer);
  writeFileSync(join(swapped, UPRIGHT_FILES.weights), bytes);
  const m = manifestOf(swapped);
  m.files = m.files.map((f) => (f.path === UPRIGHT_FILES.weights ? { ...f, sha256: createHash('sha256').update(bytes).digest('hex') } : f));
  writeFileSync(join(swapped, MANIFEST), JSON.stringify(m));
  await assert.rejects(loadClassifier(swapped), /upright finder's golden outputs differ/);
});

test('a fine-tune of a paired model keeps its finder and learns garments upright only', async () => {
  const out = tempDir();
  const r = await runCli(['train', '--from', paired, '--limit', '200', '--epochs', '1', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /carries an upright finder: the fine-tuned model keeps it/);
  assert.match(r.stderr, /augment shift:2,flip,camera:0\.5, seed/, 'no turns in the recipe: the finder settles the side');
  const tuned = manifestOf(join(out, 'model'));
  const finderSha = (m: Manifest) => m.files.find((f) => f.path === UPRIGHT_FILES.weights)?.sha256;
  assert.equal(finderSha(tuned), finderSha(manifestOf(paired)), 'the same finder, checksummed in the new manifest');
  assert.notEqual(tuned.modelId, manifestOf(paired).modelId);
  assert.match(r.stderr, new RegExp(`${tuned.modelId} → \\S+: with the upright finder of`));
  const c = await loadClassifier(join(out, 'model'));
  assert.equal(c.hasUprightFinder, true);
  c.dispose();
});
