// The domain-shift proof's precise judge: it must never score a garment the proof collected
// (that would flatter the fine-tune), and it must score real shifted frames, not blanks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../src/model/model-files.js';
import { judge, judgeIndices, renderJudge } from '../../src/synthetic/shifted-judge.js';
import { realSplit } from '../helpers/tiny-training.js';
import { makeTinyModel } from '../helpers/tiny-model.js';
import { tempDir } from '../helpers/temp-dir.js';

test('the judge never picks a garment the proof collected, whatever the proof size', () => {
  for (const garments of [600, 1200, 2400, 3333, 5000, 10_000]) {
    const step = Math.floor(10_000 / garments);
    const collected = new Set(Array.from({ length: garments }, (_, g) => g * step));
    const picked = judgeIndices(2500, 10_000, { garments, step });
    assert.ok(picked.every((i) => !collected.has(i)), `${garments} garments: the judge overlaps the collected ones`);
    assert.equal(new Set(picked).size, picked.length);
    if (garments <= 2400) assert.equal(picked.length, 2500, `${garments} garments leave the whole judge free`);
  }
});

test('the judge renders shifted frames of real garments with their labels, and a model judged against itself gains nothing', async () => {
  const fashionTest = realSplit('test', 41);
  const judged = await renderJudge(fashionTest, judgeIndices(10, fashionTest.count, { garments: 0, step: 1 }));
  assert.ok(judged.count >= 9, `only ${judged.count} of 10 garments were found in their frames`);
  assert.deepEqual([...judged.labels].slice(0, 3), [1, 5, 9].map((i) => fashionTest.labels[i]));
  for (let k = 0; k < judged.count; k++) {
    const pixels = judged.images.subarray(k * 784, (k + 1) * 784);
    assert.ok(pixels.some((v) => v > 100), `garment ${k} came out blank`);
  }
  const dir = await makeTinyModel(tempDir('judge-'));
  const model = await loadModel(dir);
  const j = judge(model, model, judged);
  assert.equal(j.garments, judged.count);
  assert.equal(j.before, j.after);
  assert.deepEqual([j.gain.gain, j.gain.low, j.gain.high], [0, 0, 0]);
  model.dispose();
});
