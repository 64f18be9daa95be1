// Knowledge distillation (`train --teachers`), with real tfjs nets on real Fashion-MNIST
// images: the teachers' answer is their normalised geometric mean, a student learns it rather
// than only the labels, a resumed run keeps its teachers, and bad flags fail in one line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_COUNT } from '../../src/dataset/classes.js';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { loadModel } from '../../src/model/model-files.js';
import { predictSplit } from '../../src/evaluation/predict.js';
import { argmaxRows } from '../../src/evaluation/metrics.js';
import { distilledTargets, Teachers } from '../../src/training/teachers.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeTinyDataset } from '../helpers/tiny-data.js';
import { realSplit, settings, tinyTrain } from '../helpers/tiny-training.js';

const pixelsOf = (count: number) => Float32Array.from(realSplit('test', count).images, (p) => p / 255);

test("the teachers' answer is the normalised geometric mean of their probabilities", () => {
  const a = ARCHITECTURES.mlp.build(1);
  const b = ARCHITECTURES.cnn.build(2);
  const pixels = pixelsOf(5);
  const answer = new Teachers([a, b]).answer(pixels, 5);
  const x = tf.tensor4d(pixels, [5, 28, 28, 1]);
  const pa = (a.predict(x) as tf.Tensor).dataSync();
  const pb = (b.predict(x) as tf.Tensor).dataSync();
  for (let i = 0; i < 5; i++) {
    const row = Array.from({ length: CLASS_COUNT }, (_, c) => Math.sqrt(pa[i * CLASS_COUNT + c] * pb[i * CLASS_COUNT + c]));
    const sum = row.reduce((s, v) => s + v, 0);
    row.forEach((v, c) => assert.ok(Math.abs(answer[i * CLASS_COUNT + c] - v / sum) < 1e-5, `row ${i} class ${c}`));
  }
  tf.dispose([x, a, b] as never);
});

test('targets mix the label and the answer by the weight, and every row sums to 1', () => {
  const answer = new Float32Array(2 * CLASS_COUNT).fill(0.1);
  const labels = Int32Array.from([3, 7]);
  const t = distilledTargets(labels, answer, 0.7);
  assert.ok(Math.abs(t[3] - (0.3 + 0.07)) < 1e-6);
  assert.ok(Math.abs(t[CLASS_COUNT + 7] - 0.37) < 1e-6);
  assert.ok(Math.abs(t[0] - 0.07) < 1e-6);
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(t.subarray(i * CLASS_COUNT, (i + 1) * CLASS_COUNT).reduce((s, v) => s + v, 0) - 1) < 1e-6);
  assert.deepEqual(Array.from(distilledTargets(labels, answer, 0).subarray(0, CLASS_COUNT)), [0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
});

test('a student learns what its teacher says: taught only by an untrained net, it agrees with that net and not with the labels', async () => {
  // An untrained teacher answers nonsense (made confident nonsense by scaling its last layer),
  // so whether the student followed it or the labels shows plainly on images it never saw.
  const teacher = ARCHITECTURES.mlp.build(99);
  const last = teacher.layers[teacher.layers.length - 1];
  last.setWeights(last.getWeights().map((w) => tf.mul(w, 30)));
  const held = realSplit('test', 300);
  const teacherSays = argmaxRows(predictSplit(teacher, held), CLASS_COUNT);
  const answersOf = async (dir: string) => {
    const m = await loadModel(join(dir, 'best'));
    const out = argmaxRows(predictSplit(m, held), CLASS_COUNT);
    m.dispose();
    return out;
  };
  const share = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).filter((v, i) => v === b[i]).length / a.length;
  const s = settings({ epochs: 3 });
  const taught = tempDir();
  await tinyTrain(taught, { ...s, distill: { teachers: ['untrained'], teacherIds: ['untrained'], weight: 1 } }, { teachers: new Teachers([teacher]) });
  const plain = tempDir();
  await tinyTrain(plain, s);
  const [taughtSays, plainSays] = [await answersOf(taught), await answersOf(plain)];
  assert.ok(share(taughtSays, teacherSays) > share(plainSays, teacherSays) + 0.3, `agrees with the teacher: taught ${share(taughtSays, teacherSays)}, plain ${share(plainSays, teacherSays)}`);
  assert.ok(share(plainSays, held.labels) > share(taughtSays, held.labels) + 0.3, `right: plain ${share(plainSays, held.labels)}, taught ${share(taughtSays, held.labels)}`);
  teacher.dispose();
});

test('train --teachers records them in the manifest, and --resume goes on with the same teachers', async () => {
  const data = tempDir('tiny-data-');
  writeTinyDataset(data, 400, 100);
  const out = join(tempDir('run-'), 'run');
  const first = await runCli(['train', '--arch', 'mlp', '--epochs', '1', '--limit', '400', '--workers', '1', '--data', data, '--teachers', 'models/tutorial-cnn', '--distill', '0.5', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  const teacherId = JSON.parse(readFileSync('models/tutorial-cnn/manifest.json', 'utf8')).modelId;
  assert.match(first.stdout + first.stderr, new RegExp(`distilling from ${teacherId}: 50% of each target`));
  const resumed = await runCli(['train', '--resume', '--epochs', '2', '--data', data, '--out', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout + resumed.stderr, new RegExp(`distilling from ${teacherId}`));
  const manifest = JSON.parse(readFileSync(join(out, 'model', 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.training.settings.distill, { teachers: ['models/tutorial-cnn'], teacherIds: [teacherId], weight: 0.5 });
  assert.equal(manifest.training.history.length, 2);
});

test('--distill without --teachers, and a teacher that is not a model, fail in one line before training', async () => {
  const out = join(tempDir(), 'x');
  const alone = await runCli(['train', '--distill', '0.5', '--out', out]);
  assert.equal(alone.code, 64, alone.stderr);
  assert.match(alone.stderr, /--distill sets how much the teachers count, so it needs --teachers/);
  const missing = await runCli(['train', '--teachers', 'models/tutorial-cnn,no/such/model', '--out', out]);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /--teachers: .*no\/such\/model does not exist/);
  assert.doesNotMatch(missing.stderr + missing.stdout, /epoch/);
});
