// How the finder's opinions of a garment's views become each view's chance of being upright.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineViews } from '../../src/pose/combine-views.js';
import { dropUnlikelyViews, uprightWeights } from '../../src/upright/upright-weights.js';

/** A finder that says of view v: "turned by `said[v]` quarter turns", with probability `sure`. */
function finder(said: number[], sure: number): Float32Array {
  const out = new Float32Array(said.length * 4).fill((1 - sure) / 3);
  said.forEach((k, v) => { out[v * 4 + k] = sure; });
  return out;
}

test('views that agree on which is upright put the weight on it', () => {
  // View 2 (the canonical turned 180°) is upright: view 0 is then 180° from it, view 1 270°, view 3 90°.
  const w = uprightWeights(finder([2, 3, 0, 1], 0.9), [0, 90, 180, 270]);
  assert.ok(w[2] > 0.999, `weights ${Array.from(w)}`);
  assert.ok(Math.abs(w.reduce((a, b) => a + b) - 1) < 1e-6);
});

test('one confused view is outvoted by the other three', () => {
  // View 0 alone claims to be upright; the other three say view 2 is.
  const w = uprightWeights(finder([0, 3, 0, 1], 0.9), [0, 90, 180, 270]);
  assert.ok(w[2] > 0.9 && w[0] < 0.1, `weights ${Array.from(w)}`);
});

test('a finder that cannot tell gives every view the same weight', () => {
  const w = uprightWeights(new Float32Array(16).fill(0.25), [0, 90, 180, 270]);
  for (const x of w) assert.ok(Math.abs(x - 0.25) < 1e-6);
});

test('two views (which end is up) use the half-turn the finder names', () => {
  const w = uprightWeights(finder([2, 0], 0.8), [0, 180]);
  assert.ok(w[1] > 0.9, `weights ${Array.from(w)}`);
  assert.throws(() => uprightWeights(new Float32Array(4), [0, 180]), /expected 2 × 4/);
});

test('the upright rule mixes the views by their weights and counts agreement in weight', () => {
  const classes = 3;
  // View 0 says class 0, view 1 says class 2; the finder is 80% sure view 1 is upright.
  const perView = Float32Array.from([0.9, 0.05, 0.05, 0.1, 0.1, 0.8]);
  const c = combineViews(perView, 2, classes, 'upright', Float32Array.from([0.2, 0.8]));
  assert.deepEqual(Array.from(c.probabilities, (p) => Math.round(p * 100) / 100), [0.26, 0.09, 0.65]);
  assert.equal(c.view, 1);
  assert.ok(Math.abs(c.agreement - 0.8) < 1e-6);
  assert.throws(() => combineViews(perView, 2, classes, 'upright'), /upright weights/);
});

test('views under 1% are dropped and the rest weigh 1 again; the likeliest view always stays', () => {
  const kept = dropUnlikelyViews(Float32Array.from([0.005, 0.7, 0.29, 0.005]));
  assert.deepEqual(Array.from(kept, (w) => Math.round(w * 1000) / 1000), [0, 0.707, 0.293, 0]);
  const lone = dropUnlikelyViews(Float32Array.from([1]));
  assert.deepEqual(Array.from(lone), [1]);
});
