import { join } from 'node:path';
import { loadFashionMnist, takeFirst } from '../dataset/fashion-mnist.js';
import { evaluateProbabilities } from '../evaluation/evaluate.js';
import { predictSplit } from '../evaluation/predict.js';
import { summarize, writeReport } from '../evaluation/report.js';
import { initBackend } from '../model/backend.js';
import { openVerifiedModel } from '../model/verify-model.js';
import { UserError } from '../errors/user-error.js';
import { intFlag, type CommandSpec, type Parsed } from './args.js';

export const EVAL_SPEC: CommandSpec = {
  name: 'eval',
  usage: 'laundry-sorter eval MODEL_DIR [--out DIR] [--data DIR] [--limit N] [--json]',
  summary: 'Evaluate a model on the Fashion-MNIST test set. Prints accuracy, per-class precision/recall/F1, calibration and a reject-threshold table; writes report.json and PNG pictures.',
  flags: {
    out: { type: 'string', value: 'DIR', description: 'where to write the report (default: reports/<model id>)' },
    data: { type: 'string', value: 'DIR', description: 'folder with the Fashion-MNIST IDX files' },
    limit: { type: 'string', value: 'N', description: 'evaluate on the first N test images only' },
    json: { type: 'boolean', default: false, description: 'print report.json to stdout instead of the text summary' },
  },
  epilog: ['Example: laundry-sorter eval models/current'],
};

export async function runEval(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  if (positionals.length !== 1) throw new UserError('eval takes one MODEL_DIR', { hint: 'e.g. `laundry-sorter eval models/current`', exitCode: 64 });
  const backend = await initBackend();
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
