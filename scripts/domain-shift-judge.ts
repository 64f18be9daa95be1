// Scores fine-tuned models against models/current on the domain-shift proof's precise judge:
// up to 2,500 shifted Fashion-MNIST test garments that no proof run collects.
// Usage: node dist/scripts/domain-shift-judge.js [--against DIR] [--judge N] MODEL_DIR…
import { parseArgs } from 'node:util';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { formatGain } from '../src/evaluation/gain-interval.js';
import { initBackend } from '../src/model/backend.js';
import { loadModel } from '../src/model/model-files.js';
import { judge, judgeIndices, JUDGE_MAX, renderJudge } from '../src/synthetic/shifted-judge.js';

const { values: options, positionals: dirs } = parseArgs({ allowPositionals: true, options: {
  against: { type: 'string', default: 'models/current' }, judge: { type: 'string', default: String(JUDGE_MAX) }, help: { type: 'boolean', short: 'h' },
} });
if (options.help || dirs.length === 0) {
  console.log(`Usage: node dist/scripts/domain-shift-judge.js [--against DIR] [--judge N] MODEL_DIR…
Renders N (default ${JUDGE_MAX}) Fashion-MNIST test garments in the domain-shift proof's style, none
of which the proof collects for 600, 1,200 or 2,400 garments, and prints each model's accuracy on them
and its gain over --against (default models/current) with the 95% range over garments.`);
  process.exit(dirs.length === 0 && !options.help ? 2 : 0);
}
const count = Number(options.judge);
if (!Number.isInteger(count) || count < 1 || count > JUDGE_MAX) throw new Error(`--judge takes a whole number of garments from 1 to ${JUDGE_MAX}`);
await initBackend();
const { test } = await loadFashionMnist();
// Nothing more to skip: indices 1, 5, 9, … are never collected by a 600-, 1,200- or 2,400-garment proof.
const split = await renderJudge(test, judgeIndices(count, test.count, { garments: 0, step: 1 }), (done) => {
  if (done % 250 === 0) process.stderr.write(`\rrendering the judge: ${done} of ${count}`);
});
process.stderr.write('\n');
const before = await loadModel(options.against);
for (const dir of dirs) {
  const after = await loadModel(dir);
  const j = judge(before, after, split);
  after.dispose();
  console.log(`${dir}: ${(j.before * 100).toFixed(2)}% → ${(j.after * 100).toFixed(2)}% on ${j.garments} garments, ${formatGain(j.gain)}`);
}
