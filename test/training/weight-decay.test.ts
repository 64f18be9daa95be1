import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ARCHITECTURES } from '../../src/model/architectures.js';
import { checkpointDir } from '../../src/training/checkpoint.js';
import { initBackend } from '../../src/model/backend.js';
import { loadModel } from '../../src/model/model-files.js';
import { modelVariables } from '../../src/training/parallel/flat-weights.js';
import { applyWeightDecay, decayedVariables } from '../../src/training/weight-decay.js';
import { settings, straightAndResumed, tinyTrain, weightsOf } from '../helpers/tiny-training.js';
import { tempDir } from '../helpers/temp-dir.js';

const squares = (vs: readonly tf.Variable[]) => vs.reduce((sum, v) => sum + (tf.tidy(() => v.square().sum().dataSync()[0]) as number), 0);

test('weight decay shrinks each kernel by lr × decay and leaves biases and BatchNorm alone', async () => {
  await initBackend();
  const model = ARCHITECTURES.resnet14.build(3);
  const { trainable } = modelVariables(model);
  const decayed = decayedVariables(trainable);
  assert.ok(decayed.length > 10 && decayed.every((v) => /\/kernel(_\d+)?$/.test(v.name)), 'the conv and dense kernels are the ones decayed');
  assert.ok(trainable.some((v) => v.name.endsWith('/gamma')) && !decayed.some((v) => /gamma|beta|bias/.test(v.name)));
  const before = trainable.map((v) => v.dataSync().slice());
  applyWeightDecay(decayed, 0.01, 0.5);
  trainable.forEach((v, i) => {
    const now = v.dataSync();
    const factor = decayed.includes(v) ? 0.995 : 1;
    for (let k = 0; k < now.length; k += 97) assert.ok(Math.abs(now[k] - before[i][k] * factor) < 1e-6, `${v.name}[${k}]: ${before[i][k]} → ${now[k]}`);
  });
  model.dispose();
});

test('a run with weight decay ends with smaller kernels than the same run without', async () => {
  const s = settings({ arch: 'sorter', epochs: 2 });
  const [plain, decayed] = [tempDir(), tempDir()];
  await tinyTrain(plain, s);
  await tinyTrain(decayed, { ...s, weightDecay: 5 });
  const norm = async (dir: string) => {
    const model = await loadModel(checkpointDir(dir));
    const n = squares(decayedVariables(modelVariables(model).trainable));
    model.dispose();
    return n;
  };
  const [a, b] = [await norm(plain), await norm(decayed)];
  assert.ok(b < a * 0.9, `kernels' sum of squares ${a} without decay, ${b} with`);
});

test('a run with weight decay stopped and resumed gives the uninterrupted run bit for bit', async () => {
  const s = settings({ arch: 'sorter', epochs: 2, weightDecay: 0.5, schedule: { name: 'cosine', base: 0.003, warmup: 0 } });
  const { straight, split, resumed } = await straightAndResumed(s, 12);
  assert.equal(resumed.history.length, 2);
  assert.equal(resumed.settings.weightDecay, 0.5, 'the resumed run keeps its weight decay');
  assert.ok(weightsOf(checkpointDir(straight)).equals(weightsOf(checkpointDir(split))));
});
