// float16 weight storage: the encoder against tfjs's own decoder, a stored model's weights
// within float16 precision of the originals, and `model half` measuring the new model on its
// stored weights (golden outputs reproduced exactly by `model verify`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../../src/model/backend.js';
import * as tf from '@tensorflow/tfjs';
import { storeAsFloat16, toFloat16Bits, weightStorageOf } from '../../src/model/float16-weights.js';
import { loadModel, WEIGHTS_BIN } from '../../src/model/model-files.js';
import { runCli } from '../helpers/cli.js';
import { REPO } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeTinyDataset } from '../helpers/tiny-data.js';

await initBackend();

/** tfjs's own decoder: the float32 value a float16 bit pattern stands for. */
function fromFloat16Bits(bits: number): number {
  const spec = { name: 'x', shape: [1], dtype: 'float32' as const, quantization: { dtype: 'float16' as const } };
  const decoded = tf.io.decodeWeights(new Uint16Array([bits]).buffer, [spec]).x;
  const value = decoded.dataSync()[0];
  decoded.dispose();
  return value;
}
const half = (v: number) => fromFloat16Bits(toFloat16Bits(v));

test('values float16 can hold come back exactly; the rest round to the nearest, ties to even', () => {
  for (const v of [0, 1, -2, 0.5, 1024, 65504, -65504, 2 ** -14, 2 ** -24, 3 * 2 ** -24, 0.0999755859375]) assert.equal(half(v), v, String(v));
  assert.equal(Object.is(half(-0), -0), true, 'negative zero keeps its sign');
  assert.equal(half(1 + 2 ** -11), 1, 'a tie rounds to the even neighbour (down)');
  assert.equal(half(1 + 3 * 2 ** -11), 1 + 2 ** -9, 'a tie rounds to the even neighbour (up)');
  assert.equal(half(65520), Infinity, 'beyond the largest half: infinity');
  assert.equal(half(2 ** -26), 0, 'below half the smallest subnormal: zero');
  assert.ok(Number.isNaN(half(NaN)));
  let seed = 7;
  for (let i = 0; i < 10_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const v = (seed / 2 ** 31 - 0.5) * 8;
    const h = half(v);
    assert.ok(Math.abs(h - v) <= Math.abs(v) * 2 ** -11 + 2 ** -25, `${v} → ${h}`);
  }
});

test('a stored model loads with every weight within float16 precision of the original, in half the bytes', async () => {
  const dir = join(REPO, 'models', 'tutorial-cnn');
  const out = tempDir('half-');
  const { before, after } = storeAsFloat16(dir, out);
  assert.equal(after * 2, before);
  assert.equal(statSync(join(out, WEIGHTS_BIN)).size, after);
  assert.equal(weightStorageOf(out), 'float16');
  assert.equal(weightStorageOf(dir), 'float32');
  const [original, stored] = [await loadModel(dir), await loadModel(out)];
  const a = original.getWeights();
  const b = stored.getWeights();
  a.forEach((w, i) => {
    const x = w.dataSync();
    const y = b[i].dataSync();
    for (let k = 0; k < x.length; k++) assert.ok(Math.abs(x[k] - y[k]) <= Math.abs(x[k]) * 2 ** -11 + 2 ** -25, `weight ${i}[${k}]: ${x[k]} → ${y[k]}`);
  });
  original.dispose();
  stored.dispose();
});

test('model half: a new model measured on its stored weights; model verify reproduces its golden outputs', async () => {
  const data = tempDir('tiny-data-');
  writeTinyDataset(data, 6000, 500);
  const out = tempDir('half-run-');
  const source = join(REPO, 'models', 'tutorial-cnn');
  const r = await runCli(['model', 'half', source, '--out', out, '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /weights stored as float16: [\d.]+ MB → [\d.]+ MB/);
  assert.match(r.stderr, /with float32 weights \(cnn-[0-9a-f-]+\) → [\d.]+% with float16 \(cnn-[0-9a-f-]+\): [+-][\d.]+ points/);
  const made = join(out, 'model');
  assert.equal(weightStorageOf(made), 'float16');
  const verify = await runCli(['model', 'verify', made]);
  assert.equal(verify.code, 0, verify.stderr);
  const [before, after] = [source, made].map((d) => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')));
  assert.notEqual(after.modelId, before.modelId);
  assert.notDeepEqual(after.golden.map((g: { probabilities: number[] }) => g.probabilities), before.golden.map((g: { probabilities: number[] }) => g.probabilities), 'golden outputs recorded from the float16 weights');
  const again = await runCli(['model', 'half', made, '--out', tempDir('half-again-'), '--data', data]);
  assert.equal(again.code, 64);
  assert.match(again.stderr, /already float16/);
});
