// Scores fine-tuned models against models/current on the domain-shift proof's precise judge:
// up to 2,500 shifted Fashion-MNIST test garments that no proof run collects.
// Usage: node dist/scripts/domain-shift-judge.js [--against DIR] [--judge N] MODEL_DIR…
import { parseArgs } from 'node:util';
import { ProgressBar } from '../src/cli/progress-bar.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { reportError } from '../src/errors/report-error.js';
import { UserError } from '../src/errors/user-error.js';
import { formatGain } from '../src/evaluation/gain-interval.js';
import { initBackend } from '../src/model/backend.js';
import { loadModel } from '../src/model/model-files.js';
import { judge, judgeIndices, JUDGE_MAX, renderJudge } from '../src/synthetic/shifted-judge.js';

const USAGE = `Usage: node dist/scripts/domain-shift-judge.js [--against DIR] [--judge N] MODEL_DIR…
Renders N (default ${JUDGE_MAX}) Fashion-MNIST test garments in the domain-shift proof's style, none
of which the proof collects for 600, 1,200 or 2,400 garments, and prints each model's accuracy on them
and its gain over --against (default models/current) with the 95% range over garments.`;

function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: {
      against: { type: 'string', default: 'models/current' }, judge: { type: 'string', default: String(JUDGE_MAX) }, help: { type: 'boolean', short: 'h' },
    } });
  } catch (err) {
    throw new UserError((err as Error).message, { hint: 'see --help', exitCode: 2 });
  }
}

async function main(argv: string[]): Promise<number> {
  const { values: options, positionals: dirs } = parse(argv);
  if (options.help) { console.log(USAGE); return 0; }
  if (dirs.length === 0) throw new UserError('name at least one model directory to judge', { hint: 'see --help', exitCode: 2 });
  const count = Number(options.judge);
  if (!Number.isInteger(count) || count < 1 || count > JUDGE_MAX) {
    throw new UserError(`--judge takes a whole number of garments from 1 to ${JUDGE_MAX}, got \`${options.judge}\``, { exitCode: 2 });
  }
  await initBackend();
  // Every model is loaded before the two minutes of rendering, so a wrong path fails at once.
  const before = await loadModel(options.against);
  const afters = await Promise.all(dirs.map(async (dir) => ({ dir, model: await loadModel(dir) })));
  const { test } = await loadFashionMnist();
  // Nothing more to skip: indices 1, 5, 9, … are never collected by a 600-, 1,200- or 2,400-garment proof.
  const bar = new ProgressBar();
  const split = await renderJudge(test, judgeIndices(count, test.count, { garments: 0, step: 1 }), (done) => bar.update(done / count, 'rendering the judge', `${done} of ${count}`));
  bar.done();
  for (const { dir, model } of afters) {
    const j = judge(before, model, split);
    console.log(`${dir}: ${(j.before * 100).toFixed(2)}% → ${(j.after * 100).toFixed(2)}% on ${j.garments} garments, ${formatGain(j.gain)}`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => { process.exitCode = reportError('domain-shift-judge', err, (line) => process.stderr.write(`${line}\n`)); },
);
