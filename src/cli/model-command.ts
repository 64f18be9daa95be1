import { join } from 'node:path';
import { initBackend } from '../model/backend.js';
import { openVerifiedModel, GOLDEN_TOLERANCE } from '../model/verify-model.js';
import { openSortingModel } from '../upright/sorting-model.js';
import { UserError } from '../errors/user-error.js';
import type { CommandSpec, Parsed } from './args.js';

export const MODEL_INFO_SPEC: CommandSpec = {
  name: 'model info',
  usage: 'laundry-sorter model info MODEL_DIR [--json]',
  summary: 'Check a model directory against its manifest (files, sizes, checksums, weight paths, shapes, class count) and print a summary.',
  flags: { json: { type: 'boolean', default: false, description: 'print the manifest as JSON' } },
};

export const MODEL_VERIFY_SPEC: CommandSpec = {
  name: 'model verify',
  usage: 'laundry-sorter model verify MODEL_DIR',
  summary: 'Everything `model info` checks, then load the model and reproduce the golden outputs recorded in its manifest. Exits 0 only if all pass.',
  flags: {},
};

function oneDir(positionals: string[], command: string): string {
  if (positionals.length !== 1) throw new UserError(`${command} takes one MODEL_DIR`, { hint: `e.g. \`laundry-sorter ${command} models/current\``, exitCode: 64 });
  return positionals[0];
}

export async function runModelInfo(values: Parsed['values'], positionals: string[]): Promise<number> {
  const dir = oneDir(positionals, 'model info');
  await initBackend();
  const { manifest: m, model } = await openVerifiedModel(dir);
  const params = model.countParams();
  model.dispose();
  if (values.json) {
    process.stdout.write(`${JSON.stringify(m, null, 1)}\n`);
    return 0;
  }
  const finderFiles = new Set(m.upright ? [m.upright.json, m.upright.weights] : []);
  const weightBytes = m.files.filter((f) => f.path !== 'model.json' && !finderFiles.has(f.path)).reduce((a, f) => a + f.bytes, 0);
  const finderBytes = m.files.filter((f) => f.path === m.upright?.weights).reduce((a, f) => a + f.bytes, 0);
  const t = m.training;
  const lines = [
    `model        ${m.modelId}  (${dir})`,
    `checks       ok: ${m.files.length} files match their sizes and sha256; input [null, 28, 28, 1]; ${m.classNames.length} classes`,
    `architecture ${t.architecture}, ${params.toLocaleString('en')} parameters, ${(weightBytes / 1e6).toFixed(2)} MB of weights`,
    `accuracy     ${(m.metrics.testAccuracy * 100).toFixed(2)}% on ${m.metrics.testCount} Fashion-MNIST test images`,
    `calibration  temperature ${m.calibration.temperature.toFixed(3)} (${m.calibration.fittedOn})`,
    `trained      ${t.date.slice(0, 16).replace('T', ' ')} on ${t.backend}, ${t.history.length} epochs (best ${t.bestEpoch}), batch ${t.settings.batchSize}, seed ${t.settings.seed}${t.officialDataset ? '' : ', NOT on the official dataset'}`,
    `input        float32 pixel/255, ${m.input.polarity}; preprocessing v${m.preprocessingVersion}`,
    `classes      ${m.classNames.join(', ')}`,
    ...(m.upright ? [`upright      a finder beside it (${(finderBytes / 1e6).toFixed(2)} MB): names the quarter turn of ${(m.upright.testTurnAccuracy * 100).toFixed(2)}% of the turned test set; the sorter weighs a garment's views by it`] : []),
    '',
    'per class    ' + Object.entries(m.metrics.perClassAccuracy).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`).join(', '),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

export async function runModelVerify(_values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  const dir = oneDir(positionals, 'model verify');
  const backend = await initBackend();
  const { manifest, finder, goldenDifference, dispose } = await openSortingModel(dir, { golden: true });
  dispose();
  log(`ok: ${manifest.modelId} in ${join(dir)} verified on ${backend.name}: files, shapes, ${manifest.classNames.length} classes, ${manifest.golden.length} golden outputs within ${goldenDifference!.toExponential(1)} (allowed ${GOLDEN_TOLERANCE})${finder ? `; its upright finder's ${manifest.upright!.golden.length} golden outputs too` : ''}`);
  return 0;
}
