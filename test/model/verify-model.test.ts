import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { ModelFileError } from '../../src/model/model-file-error.js';
import { openVerifiedModel } from '../../src/model/verify-model.js';
import { loadClassifier } from '../../src/classifier/classifier.js';
import type { Manifest } from '../../src/model/manifest.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTinyModel } from '../helpers/tiny-model.js';

let good: string;
let other: string;
const work = tempDir();

before(async () => {
  good = await makeTinyModel(join(work, 'a'));
  other = await makeTinyModel(join(work, 'b'), 'cnn');
});

let copies = 0;
function copyOfGood(): string {
  const dir = join(work, `copy-${copies++}`);
  cpSync(good, dir, { recursive: true });
  return dir;
}

const manifestOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const writeManifest = (dir: string, m: Manifest) => writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

async function rejection(dir: string, golden = false): Promise<string> {
  try {
    const { model } = await openVerifiedModel(dir, { golden });
    model.dispose();
  } catch (err) {
    assert.ok(err instanceof ModelFileError, `expected a ModelFileError, got ${String(err)}`);
    assert.equal(err.message.includes('\n'), false, 'the error must be one line');
    return err.message;
  }
  return assert.fail('the model should have been rejected');
}

test('a freshly packaged model passes every check, golden outputs included', async () => {
  const { manifest, model, goldenDifference } = await openVerifiedModel(good, { golden: true });
  model.dispose();
  assert.equal(manifest.classNames.length, 10);
  assert.equal(manifest.golden.length, 4);
  assert.ok(goldenDifference! <= 1e-6);
});

test('a tampered weight file (same size) is rejected by its checksum', async () => {
  const dir = copyOfGood();
  const bytes = readFileSync(join(dir, 'weights.bin'));
  bytes[100] ^= 0xff;
  writeFileSync(join(dir, 'weights.bin'), bytes);
  assert.match(await rejection(dir), /weights\.bin has sha256 .*tampered or corrupt/);
});

test('truncated weights are rejected by size', async () => {
  const dir = copyOfGood();
  truncateSync(join(dir, 'weights.bin'), 1000);
  assert.match(await rejection(dir), /weights\.bin is 1000 bytes, manifest.json says \d+ \(truncated or replaced\)/);
});

test('a missing weight file is named', async () => {
  const dir = copyOfGood();
  rmSync(join(dir, 'weights.bin'));
  assert.match(await rejection(dir), /weights\.bin is listed in manifest.json but missing/);
});

test('a weight path escaping the directory is refused even when the manifest agrees', async () => {
  const dir = copyOfGood();
  const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  modelJson.weightsManifest[0].paths = ['../escape.bin'];
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  const m = manifestOf(dir);
  m.files = m.files.map((f) => (f.path === 'model.json' ? { ...f, sha256: sha(join(dir, 'model.json')), bytes: readFileSync(join(dir, 'model.json')).length } : f));
  writeManifest(dir, m);
  assert.match(await rejection(dir), /weight path `\.\.\/escape\.bin` in model.json leaves the model directory/);
});

test('a weight file not listed in the manifest cannot be checked, so it is refused', async () => {
  const dir = copyOfGood();
  const m = manifestOf(dir);
  m.files = m.files.filter((f) => f.path !== 'weights.bin');
  writeManifest(dir, m);
  assert.match(await rejection(dir), /weight file weights\.bin is not listed in manifest.json/);
});

test('a manifest naming the wrong number of classes is rejected', async () => {
  const dir = copyOfGood();
  const m = manifestOf(dir);
  m.classNames = m.classNames.slice(0, 9);
  writeManifest(dir, m);
  assert.match(await rejection(dir), /model outputs 10 classes but manifest.json names 9/);
});

test('a missing or unreadable manifest is rejected', async () => {
  const dir = copyOfGood();
  writeFileSync(join(dir, 'manifest.json'), '{"schemaVersion": 1, "classNa');
  assert.match(await rejection(dir), /manifest.json is not valid JSON/);
  rmSync(join(dir, 'manifest.json'));
  assert.match(await rejection(dir), /has no manifest.json; it is not a laundry-sorter model/);
  assert.match(await rejection(join(work, 'no-such-model')), /does not exist/);
});

test('other weights with consistent checksums pass the file checks but fail the golden outputs', async () => {
  const dir = copyOfGood();
  for (const f of ['model.json', 'weights.bin']) cpSync(join(other, f), join(dir, f));
  const m = manifestOf(dir);
  m.files = m.files.map((f) => ({ ...f, sha256: sha(join(dir, f.path)), bytes: readFileSync(join(dir, f.path)).length }));
  writeManifest(dir, m);
  const { model } = await openVerifiedModel(dir);
  model.dispose();
  assert.match(await rejection(dir, true), /golden outputs differ by .* the weights do not match the manifest/);
});

test('model ids that are pointer names or paths are refused, as is anything but a plain hyphenated name', async () => {
  for (const id of ['current', 'previous', '..', '../x', 'a/b', 'Sorter-1', 'x', '-abc', 'abc-', `a-${'b'.repeat(70)}`, 42]) {
    const dir = copyOfGood();
    writeManifest(dir, { ...manifestOf(dir), modelId: id as string });
    assert.match(await rejection(dir), /modelId .* is not allowed|modelId must be a string/, String(id));
  }
  const dir = copyOfGood();
  writeManifest(dir, { ...manifestOf(dir), modelId: 'my-model-2' });
  const { model } = await openVerifiedModel(dir);
  model.dispose();
});

test('the sorter loads a model only after its golden outputs check out: zeroed weights with recomputed checksums are refused', async () => {
  const dir = copyOfGood();
  const weights = join(dir, 'weights.bin');
  writeFileSync(weights, Buffer.alloc(readFileSync(weights).length));
  const m = manifestOf(dir);
  m.files = m.files.map((f) => (f.path === 'weights.bin' ? { ...f, sha256: sha(weights) } : f));
  writeManifest(dir, m);
  await assert.rejects(loadClassifier(dir), /golden outputs differ/);
});
