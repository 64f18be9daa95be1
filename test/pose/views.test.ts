import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PIXELS } from '../../src/dataset/classes.js';
import { combineViews } from '../../src/pose/combine-views.js';
import { quarterTurn, quarterTurnViews, viewAt } from '../../src/pose/views.js';

/** A 28×28 with one bright pixel at (x, y). */
function dot(x: number, y: number): Uint8Array {
  const img = new Uint8Array(PIXELS);
  img[y * 28 + x] = 255;
  return img;
}
const where = (img: Uint8Array) => { const i = img.indexOf(255); return [i % 28, Math.floor(i / 28)]; };

test('quarter turns are counter-clockwise on screen and exact', () => {
  // A dot to the right of centre goes to the top, then the left, then the bottom.
  const views = quarterTurnViews(dot(27, 13), 4);
  assert.deepEqual([0, 1, 2, 3].map((v) => where(viewAt(views, v))), [[27, 13], [13, 0], [0, 14], [14, 27]]);
  // Four quarter turns give back the very same bytes.
  const garment = Uint8Array.from({ length: PIXELS }, (_, i) => (i * 37) % 256);
  let turned = garment;
  for (let k = 0; k < 4; k++) { const next = new Uint8Array(PIXELS); quarterTurn(turned, 90, next); turned = next; }
  assert.deepEqual(turned, garment);
});

test('two views are the garment and its half turn', () => {
  const views = quarterTurnViews(dot(27, 13), 2);
  assert.equal(views.length, 2 * PIXELS);
  assert.deepEqual(where(viewAt(views, 1)), [0, 14]);
});

test('combining views: each rule, the winning view and the agreement', () => {
  // Three classes, three views. View 0 is sure of class 0; views 1 and 2 lean to class 2.
  const perView = Float32Array.from([0.9, 0.05, 0.05, 0.2, 0.2, 0.6, 0.25, 0.15, 0.6]);
  const max = combineViews(perView, 3, 3, 'max');
  assert.deepEqual(Array.from(max.probabilities).map((p) => +p.toFixed(3)), [0.9, 0.05, 0.05]);
  assert.equal(max.view, 0);
  assert.equal(max.agreement, 1 / 3);
  const mean = combineViews(perView, 3, 3, 'mean');
  assert.ok(Math.abs(mean.probabilities[0] - 0.45) < 1e-6 && Math.abs(mean.probabilities[2] - 0.4167) < 1e-3);
  const log = combineViews(perView, 3, 3, 'log');
  // Geometric means 0.378, 0.114, 0.260, normalised: class 0 still, but a close call.
  assert.ok(log.probabilities[0] > log.probabilities[2] && log.probabilities[2] > log.probabilities[1]);
  assert.ok(Math.abs(log.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-6);
  // When every view agrees, every rule does.
  const agreeing = Float32Array.from([0.1, 0.8, 0.1, 0.2, 0.7, 0.1]);
  for (const rule of ['max', 'log', 'mean'] as const) {
    const c = combineViews(agreeing, 2, 3, rule);
    assert.equal(c.agreement, 1, rule);
    assert.equal(c.view, 0, rule);
  }
});
