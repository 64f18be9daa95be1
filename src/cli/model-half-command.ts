// `model half`: a model's weights stored as float16, repackaged and measured again, for a model
// that must fit a budget (2 MB) or a slow link to the sorter. The original is left untouched.
import { join } from 'node:path';
import { loadFashionMnist, splitValidation } from '../dataset/fashion-mnist.js';
import { UserError } from '../errors/user-error.js';
import { initBackend } from '../model/backend.js';
import { weightStorageOf } from '../model/float16-weights.js';
import { openVerifiedModel, readManifest } from '../model/verify-model.js';
import { EXIT_USAGE, type CommandSpec, type Parsed, DATA_FLAG } from './args.js';
import { finishModel } from './finish-model.js';

export const MODEL_HALF_SPEC: CommandSpec = {
  name: 'model half',
  usage: 'laundry-sorter model half MODEL_DIR --out DIR [--data DIR]',
  summary: 'Store a model\'s weights as float16 (half the bytes) as a new model: its accuracy, calibration and golden outputs are measured again on the stored weights. Writes DIR/model and DIR/report.',
  flags: {
    out: { type: 'string', value: 'DIR', description: 'where the new model goes (DIR/model, DIR/report)' },
    data: DATA_FLAG,
  },
};

export async function runModelHalf(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  if (positionals.length !== 1 || values.out === undefined) throw new UserError('model half takes one MODEL_DIR and --out DIR', { hint: 'e.g. `laundry-sorter model half models/current --out runs/current-half`', exitCode: EXIT_USAGE });
  const dir = positionals[0];
  const outDir = String(values.out);
  const backend = await initBackend();
  // The original must be sound before a copy of it is made and trusted.
  (await openVerifiedModel(dir, { golden: true })).model.dispose();
  if (weightStorageOf(dir) === 'float16') throw new UserError(`${dir}: its weights are already float16`, { hint: 'push it as it is', exitCode: EXIT_USAGE });
  const manifest = readManifest(dir);
  if (manifest.upright) throw new UserError(`${dir} carries an upright finder, which model half would drop`, { hint: 'halve the garment model on its own, then pair the result with a finder: laundry-sorter model upright', exitCode: EXIT_USAGE });
  const data = await loadFashionMnist({ dir: values.data as string | undefined, log });
  const { validation } = splitValidation(data.train);
  const t = manifest.training;
  await finishModel({
    storage: 'float16', weightsDir: dir, outDir, data, validation, settings: t.settings, history: t.history, bestEpoch: t.bestEpoch, average: t.average, backend: backend.name, log,
  });
  const half = readManifest(join(outDir, 'model'));
  const points = (half.metrics.testAccuracy - manifest.metrics.testAccuracy) * 100;
  log(`test accuracy ${(manifest.metrics.testAccuracy * 100).toFixed(2)}% with float32 weights (${manifest.modelId}) → ${(half.metrics.testAccuracy * 100).toFixed(2)}% with float16 (${half.modelId}): ${points >= 0 ? '+' : ''}${points.toFixed(2)} points`);
  return 0;
}
