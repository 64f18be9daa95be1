// A real packaged model (mlp, one epoch on a few hundred real images) for tests that need a
// model directory: quick to make, and made by the same code as the shipped one.
import { join } from 'node:path';
import { finishModel } from '../../src/cli/finish-model.js';
import { splitValidation } from '../../src/dataset/fashion-mnist.js';
import { initBackend } from '../../src/model/backend.js';
import { train } from '../../src/training/train.js';
import { settings, tinyData } from './tiny-training.js';

/** Trains and packages; returns the model directory (<outDir>/model). */
export async function makeTinyModel(outDir: string, arch: 'mlp' | 'cnn' | 'resnet14' = 'mlp'): Promise<string> {
  const backend = await initBackend();
  const data = tinyData(400, 200);
  const { fit, validation } = splitValidation(data.train);
  const s = settings({ arch, epochs: 1 });
  const result = await train({ settings: s, fit, validation, outDir, backend: backend.name });
  await finishModel({ weightsDir: result.weightsDir, outDir, data, validation, settings: s, history: result.history, bestEpoch: result.bestEpoch, backend: backend.name, log: () => {} });
  return join(outDir, 'model');
}
