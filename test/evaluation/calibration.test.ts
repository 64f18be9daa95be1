import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyTemperature, expectedCalibrationError, fitTemperature, negativeLogLikelihood } from '../../src/evaluation/calibration.js';
import { Random } from '../../src/training/random.js';

/** A model that is over-confident by a known factor: it reports softmax(z) while the truth is softmax(z / T). */
function overconfident(trueTemperature: number, n: number, classes = 10) {
  const rng = new Random(11);
  const probs = new Float32Array(n * classes);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: classes }, () => (rng.next() - 0.5) * 12);
    const reported = applyTemperature(Float32Array.from(z, Math.exp), 1);
    probs.set(reported, i * classes);
    const truth = applyTemperature(reported, trueTemperature);
    let u = rng.next();
    let label = 0;
    while (label < classes - 1 && (u -= truth[label]) > 0) label++;
    labels[i] = label;
  }
  return { probs, labels };
}

test('fitting recovers the temperature that makes an over-confident model honest', () => {
  const { probs, labels } = overconfident(2.5, 6000);
  const t = fitTemperature(probs, labels, 10);
  assert.ok(Math.abs(t - 2.5) < 0.25, `fitted ${t}, expected about 2.5`);
  assert.ok(negativeLogLikelihood(probs, labels, 10, t) < negativeLogLikelihood(probs, labels, 10, 1));
  const calibrated = applyTemperature(probs, t, 10);
  assert.ok(expectedCalibrationError(calibrated, labels, 10) < expectedCalibrationError(probs, labels, 10) / 2);
});

test('a temperature never changes which class wins, and rows still sum to 1', () => {
  const probs = Float32Array.from([0.7, 0.2, 0.1, 0.05, 0.9, 0.05]);
  for (const t of [0.3, 1, 4]) {
    const out = applyTemperature(probs, t, 3);
    assert.ok(out[0] > out[1] && out[1] > out[2]);
    assert.ok(out[4] > out[3] && out[4] > out[5]);
    assert.ok(Math.abs(out[0] + out[1] + out[2] - 1) < 1e-6);
  }
  assert.ok(applyTemperature(probs, 4, 3)[0] < 0.7, 'T > 1 must soften');
  assert.ok(applyTemperature(probs, 0.5, 3)[0] > 0.7, 'T < 1 must sharpen');
});
