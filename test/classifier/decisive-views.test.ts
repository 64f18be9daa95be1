// Scoring the finder's views only until the rest cannot change the decision: the bounds on
// their own, then the shipped model, whose decisions must be exactly those of scoring every view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadClassifier } from '../../src/classifier/classifier.js';
import { decisionSettled, scoreUntilSettled } from '../../src/classifier/decisive-views.js';
import { CLASS_NAMES } from '../../src/dataset/classes.js';
import { pickBin } from '../../src/controller/pick-bin.js';
import { initBackend } from '../../src/model/backend.js';
import { quarterTurnViews } from '../../src/pose/views.js';
import { testGarment } from '../helpers/frames.js';

const edges = { threshold: 0.6, minAgreement: 0.5 };
const probs = (...p: number[]) => Float32Array.from(p);

test('a sure view with most of the weight settles the decision; the rest could not outvote it', () => {
  const top = probs(0.95, 0.03, 0.02);
  assert.equal(decisionSettled(top, 0.8, 0.2, edges), true);
});

test('the rest could change the class when they weigh more than the top view\'s margin', () => {
  const top = probs(0.6, 0.4, 0);
  // Margin 0.8 × 0.2 = 0.16, and the unscored views weigh 0.2: they could outvote it. The
  // confidence ([0.48, 0.68]) and agreement (≥ 0.8) stay on one side of these edges, so only the class is open.
  const classOnly = { threshold: 0.3, minAgreement: 0.5 };
  assert.equal(decisionSettled(top, 0.8, 0.2, classOnly), false);
  assert.equal(decisionSettled(probs(0.75, 0.25, 0), 0.8, 0.2, classOnly), true, 'a margin of 0.4 they cannot');
});

test('the rest could lift the confidence over the reject threshold, or the agreement over its minimum', () => {
  // A sure view with weight 0.55: the class is settled (margin 0.539 against 0.45 unscored), but
  // the confidence lies anywhere in [0.545, 0.995] and the agreement in [0.55, 1].
  const sure = probs(0.99, 0.01, 0);
  const settled = (threshold: number, minAgreement: number) => decisionSettled(sure, 0.55, 0.45, { threshold, minAgreement });
  assert.equal(settled(0.6, 0.5), false, 'the confidence could end either side of 0.6');
  assert.equal(settled(0.5, 0.6), false, 'the agreement could end either side of 0.6');
  assert.equal(settled(0.5, 0.5), true);
});

test('the likeliest view alone is scored when it settles the decision, every view left in otherwise', () => {
  const classes = 3;
  const run = (table: number[][]) => {
    const calls: number[][] = [];
    const perView = new Float32Array(4 * classes);
    const weights = Float32Array.from([0.1, 0.9, 0, 0]);
    const used = scoreUntilSettled(weights, [1, 0], perView, classes, (which) => {
      calls.push(which);
      for (const v of which) perView.set(table[v], v * classes);
    }, edges);
    return { calls, used: Array.from(used) };
  };
  const settled = run([[0, 1, 0], [0.98, 0.01, 0.01]]);
  assert.deepEqual(settled.calls, [[1]]);
  assert.deepEqual(settled.used, [0, 1, 0, 0]);
  const open = run([[0, 1, 0], [0.62, 0.37, 0.01]]);
  assert.deepEqual(open.calls, [[1], [0]]);
  assert.deepEqual(open.used.map((w) => Math.round(w * 10) / 10), [0.1, 0.9, 0, 0]);
});

test('with the shipped model, every decision is the one scoring all the finder\'s views gives, for fewer views', async () => {
  await initBackend('wasm');
  const classifier = await loadClassifier(join(process.cwd(), 'models', 'current'));
  const sorting = { threshold: edges.threshold, rejectBin: 'reject', bins: Object.fromEntries(CLASS_NAMES.map((name) => [name, [name]])) };
  let severalLeftIn = 0;
  let settledByOne = 0;
  try {
    for (let index = 0; index < 300; index++) {
      const views = quarterTurnViews(testGarment(index).pixels, 4);
      const every = classifier.classifyViews(views, 'auto');
      const lazy = classifier.classifyViews(views, 'auto', edges);
      const scored = (c: typeof every) => c.perView.filter((p) => p.length > 0).length;
      if (scored(every) > 1) severalLeftIn++;
      if (scored(every) > 1 && scored(lazy) === 1) settledByOne++;
      assert.ok(scored(lazy) <= scored(every));
      assert.equal(lazy.className, every.className, `garment ${index}`);
      assert.deepEqual(pickBin(lazy, sorting, lazy.agreement, edges.minAgreement), pickBin(every, sorting, every.agreement, edges.minAgreement), `garment ${index}`);
    }
  } finally {
    classifier.dispose();
  }
  // The finder left several views in for some garments, and most of those needed only one.
  assert.ok(severalLeftIn > 0, 'no garment had several views left in: the test proves nothing');
  assert.ok(settledByOne > 0 && settledByOne >= severalLeftIn / 2, `${settledByOne} of ${severalLeftIn} settled by one view`);
});
