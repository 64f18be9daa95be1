// The rendered training set: camera-like frames at random angles, straightened by the sorter's
// own preprocessing, kept upright and labelled as the images they came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PIXELS } from '../../src/dataset/classes.js';
import { quarterTurnViews, viewAt } from '../../src/pose/views.js';
import { uprightView, writeRenderedSet } from '../../src/synthetic/rendered-set.js';
import { readUserDataset } from '../../src/user-dataset/user-dataset.js';
import { correlation } from '../helpers/frames.js';
import { tempDir } from '../helpers/temp-dir.js';
import { realSplit } from '../helpers/tiny-training.js';

test('the upright view undoes the render angle and the straightening turn together', () => {
  assert.equal(uprightView(0, 0), 0);
  assert.equal(uprightView(90, -90), 0); // straightening already undid the turn
  assert.equal(uprightView(90, 0), 3); // a quarter turn left needs three more to come round
  assert.equal(uprightView(200, -20), 2);
  assert.equal(uprightView(44, 0), 0); // nearer upright than a quarter turn away
});

test('a rendered set holds each image upright, labelled as its source, the same for the same seed', async () => {
  const source = realSplit('train', 40);
  const dirs = [tempDir('rendered-a'), tempDir('rendered-b')];
  const result = await writeRenderedSet(source, dirs[0], { count: 12, seed: 5 });
  await writeRenderedSet(source, dirs[1], { count: 12, seed: 5 });
  assert.equal(result.written + result.empty, 12);
  assert.ok(result.written >= 10, `${result.written} of 12 frames had a garment found`);
  assert.equal(readFileSync(join(dirs[0], 'samples.csv'), 'utf8'), readFileSync(join(dirs[1], 'samples.csv'), 'utf8'));
  let upright = 0;
  for (const sample of readUserDataset(dirs[0]).values()) {
    const index = Number(sample.garment.split('-').pop());
    assert.equal(sample.label, source.labels[index], `${sample.id}: labelled as its source image`);
    const { data } = await sharp(join(dirs[0], 'images', `${sample.id}.png`)).greyscale().raw().toBuffer({ resolveWithObject: true });
    // Upright: the image looks more like its source as it is than turned any quarter turn.
    const turns = quarterTurnViews(Uint8Array.from(data), 4);
    const alike = [0, 1, 2, 3].map((v) => correlation(viewAt(turns, v), source.images.subarray(index * PIXELS, (index + 1) * PIXELS)));
    if (alike[0] === Math.max(...alike)) upright++;
  }
  // Bags and trousers look much the same upside down; nearly all the rest must come out upright.
  assert.ok(upright >= result.written - 2, `${upright} of ${result.written} upright`);
});
