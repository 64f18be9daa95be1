import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { splitByGarment } from '../../src/user-dataset/garment-split.js';
import { loadUserSplit } from '../../src/user-dataset/load-user-split.js';
import { readUserDataset, writeUserDataset, type UserSample } from '../../src/user-dataset/user-dataset.js';
import { tempDir } from '../helpers/temp-dir.js';

const sample = (id: string, garment: string, label: number): UserSample => ({ id, label, predicted: null, confidence: null, modelId: '', timestamp: '', garment, source: 'test' });

test('the split is by garment: every photo of a garment is on one side, about the asked share of garments held out, reproducibly', () => {
  const samples: UserSample[] = [];
  for (let g = 0; g < 40; g++) for (let p = 0; p < 1 + (g % 5); p++) samples.push(sample(`s${g}-${p}`, `g${g}`, g % 10));
  const { train, heldOut } = splitByGarment(samples, 0.25, 7);
  assert.equal(train.length + heldOut.length, samples.length);
  const trainGarments = new Set(train.map((s) => s.garment));
  assert.ok(heldOut.every((s) => !trainGarments.has(s.garment)), 'no garment on both sides');
  assert.equal(new Set(heldOut.map((s) => s.garment)).size, 10, '25% of 40 garments');
  assert.deepEqual(splitByGarment(samples, 0.25, 7).heldOut.map((s) => s.id), heldOut.map((s) => s.id), 'same seed, same split');
  assert.notDeepEqual(splitByGarment(samples, 0.25, 8).heldOut.map((s) => s.id), heldOut.map((s) => s.id));
});

test('samples.csv round-trips (quotes included), and the images load as a Split', async () => {
  const dir = tempDir();
  const samples = new Map([['a', { ...sample('a', 'g1', 4), source: 'pi@sorter, "kitchen"' }], ['b', sample('b', 'g1', 0)]]);
  writeUserDataset(dir, samples);
  assert.deepEqual(readUserDataset(dir), samples);
  mkdirSync(join(dir, 'images'));
  for (const [i, id] of ['a', 'b'].entries()) {
    await sharp(Buffer.alloc(784, 100 + i), { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(join(dir, 'images', `${id}.png`));
  }
  const split = await loadUserSplit(dir, [...samples.values()]);
  assert.equal(split.count, 2);
  assert.deepEqual([...split.labels], [4, 0]);
  assert.deepEqual([split.images[0], split.images[784]], [100, 101]);
  writeFileSync(join(dir, 'samples.csv'), 'id,label\nx,12\n');
  assert.throws(() => readUserDataset(dir), /samples\.csv:2: needs an id and a label 0–9/);
});
