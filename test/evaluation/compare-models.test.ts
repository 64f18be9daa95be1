// Old model against new, as `push` and `eval --against` compare them, with the shipped models
// on real test images: the scores are each model's own, and progress is reported to the end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareModels } from '../../src/evaluation/compare-models.js';
import { predictViewClasses } from '../../src/evaluation/predict-views.js';
import { accuracyOf } from '../../src/evaluation/metrics.js';
import { initBackend } from '../../src/model/backend.js';
import { openSortingModel } from '../../src/upright/sorting-model.js';
import { realSplit } from '../helpers/tiny-training.js';

await initBackend();

test('the comparison scores each model as the sorter does, and reports its progress in order up to the whole', async () => {
  const [current, tutorial] = [await openSortingModel('models/current'), await openSortingModel('models/tutorial-cnn')];
  const images = realSplit('test', 300);
  const seen: number[] = [];
  const c = compareModels(tutorial, current, images, undefined, undefined, (f) => seen.push(f));
  const labels = images.labels.subarray(0, images.count);
  assert.equal(c.fashionMnist.old, accuracyOf(labels, predictViewClasses(tutorial, images)));
  assert.equal(c.fashionMnist.new, accuracyOf(labels, predictViewClasses(current, images)));
  // The tutorial net cannot tell which side is up, so four views halve it; the shipped model's
  // upright finder can (scored without it, the shipped garment model would halve too).
  assert.ok(current.finder, 'the shipped model carries an upright finder');
  assert.ok(c.fashionMnist.new > c.fashionMnist.old + 0.2, `current ${c.fashionMnist.new}, tutorial ${c.fashionMnist.old}`);
  assert.ok(seen.length >= 4, `${seen.length} progress reports`);
  seen.forEach((f, i) => assert.ok(i === 0 || f > seen[i - 1], `progress went back: ${seen.join(', ')}`));
  assert.equal(seen[seen.length - 1], 1);
  current.dispose();
  tutorial.dispose();
});
