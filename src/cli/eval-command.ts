import { join } from 'node:path';
import { loadFashionMnist, takeFirst } from '../dataset/fashion-mnist.js';
import { evaluateProbabilities } from '../evaluation/evaluate.js';
import { predictSplit } from '../evaluation/predict.js';
import { summarize, writeReport } from '../evaluation/report.js';
import { initBackend } from '../model/backend.js';
import { openVerifiedModel } from '../model/verify-model.js';
import { openSortingModel } from '../upright/sorting-model.js';
import { UserError } from '../errors/user-error.js';
import { intFlag, numberFlag, type CommandSpec, type Parsed, DATA_FLAG } from './args.js';
import { formatComparison } from '../evaluation/compare-models.js';
import { loadExtra } from './fine-tune.js';
import { compareWithProgress } from './compare-with-progress.js';

export const EVAL_SPEC: CommandSpec = {
  name: 'eval',
  usage: 'laundry-sorter eval MODEL_DIR [--out DIR] [--data DIR] [--limit N] [--json]',
  summary: 'Evaluate a model on the Fashion-MNIST test set. Prints accuracy, per-class precision/recall/F1, calibration and a reject-threshold table; writes report.json and PNG pictures.',
  flags: {
    out: { type: 'string', value: 'DIR', description: 'where to write the report (default: reports/<model id>)' },
    data: DATA_FLAG,
    limit: { type: 'string', value: 'N', description: 'evaluate on the first N test images only' },
    json: { type: 'boolean', default: false, description: 'print report.json to stdout instead of the text summary' },
    against: { type: 'string', value: 'OLD_MODEL_DIR', description: 'compare side by side with this model instead (Fashion-MNIST, and your held-out garments with --extra)' },
    extra: { type: 'string', value: 'DATASET_DIR', description: 'with --against: your garments (from `pull`); their held-out part is compared' },
    'held-out': { type: 'string', default: '0.25', value: 'FRACTION', description: 'the held-out share used when training (same --seed gives the same garments)' },
    seed: { type: 'string', default: '1', value: 'N', description: 'the seed used when training, for the same held-out garments' },
  },
  epilog: ['Examples:', '  laundry-sorter eval models/current', '  laundry-sorter eval runs/mine/model --against models/current --extra my-garments'],
};

export async function runEval(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  if (positionals.length !== 1) throw new UserError('eval takes one MODEL_DIR', { hint: 'e.g. `laundry-sorter eval models/current`', exitCode: 64 });
  const backend = await initBackend();
  if (values.against) return runComparison(values, positionals[0], log);
  const { manifest, model } = await openVerifiedModel(positionals[0]);
  const data = await loadFashionMnist({ dir: values.data as string | undefined, log });
  const test = values.limit !== undefined ? takeFirst(data.test, intFlag(values, 'limit', 1, 10000)) : data.test;
  log(`evaluating ${manifest.modelId} on ${test.count} test images (${backend.name})`);
  const evaluation = evaluateProbabilities(predictSplit(model, test), test, manifest.calibration.temperature);
  model.dispose();
  const outDir = String(values.out ?? join('reports', manifest.modelId));
  const written = await writeReport(outDir, manifest.modelId, evaluation, test, manifest.training.history ?? []);
  if (values.json) process.stdout.write(`${JSON.stringify({ modelId: manifest.modelId, ...evaluation }, null, 1)}\n`);
  else process.stdout.write(`${summarize(evaluation).join('\n')}\n`);
  log(`report → ${written.join(', ')}`);
  return 0;
}

async function runComparison(values: Parsed['values'], newDir: string, log: (line: string) => void): Promise<number> {
  const data = await loadFashionMnist({ dir: values.data as string | undefined, log });
  const test = values.limit !== undefined ? takeFirst(data.test, intFlag(values, 'limit', 1, 10000)) : data.test;
  const extra = values.extra ? await loadExtra(String(values.extra), numberFlag(values, 'held-out', 0, 0.9), intFlag(values, 'seed', 0, 2 ** 31 - 1)) : undefined;
  const older = await openSortingModel(String(values.against));
  const newer = await openSortingModel(newDir);
  const c = compareWithProgress(older, newer, test, extra);
  older.dispose();
  newer.dispose();
  if (values.json) process.stdout.write(`${JSON.stringify({ old: older.manifest.modelId, new: newer.manifest.modelId, ...c }, null, 1)}\n`);
  else process.stdout.write(`${formatComparison(c, older.manifest.modelId, newer.manifest.modelId).join('\n')}\n`);
  return 0;
}
