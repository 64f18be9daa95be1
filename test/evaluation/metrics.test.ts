import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix, coverageTable, perClassMetrics } from '../../src/evaluation/metrics.js';

test('precision, recall and F1 per class from the confusion matrix', () => {
  // true:      0 0 0 1 1 2
  // predicted: 0 0 1 1 2 2
  const m = confusionMatrix([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 2, 2], 3);
  assert.deepEqual(m, [[2, 1, 0], [0, 1, 1], [0, 0, 1]]);
  const [a, b, c] = perClassMetrics(m, ['a', 'b', 'c']);
  assert.deepEqual([a.precision, a.recall, a.support], [1, 2 / 3, 3]);
  assert.deepEqual([b.precision, b.recall], [0.5, 0.5]);
  assert.deepEqual([c.precision, c.recall], [0.5, 1]);
  assert.ok(Math.abs(c.f1 - 2 / 3) < 1e-12);
});

test('the coverage table sends low-confidence garments to the reject bin', () => {
  const probs = Float32Array.from([0.9, 0.1, 0.6, 0.4, 0.45, 0.55, 0.2, 0.8]);
  const labels = [0, 1, 1, 1];
  const [all, half, strict, none] = coverageTable(probs, labels, 2, [0, 0.58, 0.85, 0.95]);
  assert.deepEqual(all, { threshold: 0, coverage: 1, accuracy: 0.75, rejected: 0 });
  assert.deepEqual(half, { threshold: 0.58, coverage: 0.75, accuracy: 2 / 3, rejected: 1 });
  assert.deepEqual(strict, { threshold: 0.85, coverage: 0.25, accuracy: 1, rejected: 3 });
  assert.deepEqual(none, { threshold: 0.95, coverage: 0, accuracy: null, rejected: 4 });
});
