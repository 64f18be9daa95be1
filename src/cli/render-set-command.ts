// `render-set`: Fashion-MNIST's training images as the sorter's camera would see them, at any
// angle, written as a garment folder that `train --extra` mixes into a fine-tune.
import { loadFashionMnist, splitValidation } from '../dataset/fashion-mnist.js';
import { UserError } from '../errors/user-error.js';
import { writeRenderedSet } from '../synthetic/rendered-set.js';
import { EXIT_USAGE, DATA_FLAG, intFlag, type CommandSpec, type Parsed } from './args.js';
import { formatDuration, ProgressBar } from './progress-bar.js';

export const DEFAULT_RENDERED_COUNT = 18000;
export const DEFAULT_RENDERED_SEED = 7;

export const RENDER_SET_SPEC: CommandSpec = {
  name: 'render-set',
  usage: 'laundry-sorter render-set --out DIR [--count N] [--seed N] [--data DIR]',
  summary: 'Render Fashion-MNIST training images as camera frames at random angles on a tray, run them through the sorter\'s preprocessing, and keep the upright view of each: a garment folder for `train --from … --extra DIR`. Only training images are used (never validation or test); 18,000 take about 14 minutes on 2 cores.',
  flags: {
    out: { type: 'string', value: 'DIR', description: 'the garment folder to write (samples.csv, images/)' },
    count: { type: 'string', value: 'N', description: `frames to render (default: ${DEFAULT_RENDERED_COUNT})` },
    seed: { type: 'string', value: 'N', description: `seed for which images, angles, trays and light (default: ${DEFAULT_RENDERED_SEED})` },
    data: DATA_FLAG,
  },
};

export async function runRenderSet(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  if (positionals.length > 0 || values.out === undefined) throw new UserError('render-set takes --out DIR and no other arguments', { hint: 'e.g. `laundry-sorter render-set --out runs/rendered`', exitCode: EXIT_USAGE });
  const count = values.count !== undefined ? intFlag(values, 'count', 1, 1_000_000) : DEFAULT_RENDERED_COUNT;
  const seed = values.seed !== undefined ? intFlag(values, 'seed', 0, 2 ** 31 - 1) : DEFAULT_RENDERED_SEED;
  const data = await loadFashionMnist({ dir: values.data as string | undefined, log });
  const { fit } = splitValidation(data.train);
  const bar = new ProgressBar();
  const started = Date.now();
  const { written, empty } = await writeRenderedSet(fit, String(values.out), {
    count, seed,
    onProgress: (done, total) => {
      const seconds = (Date.now() - started) / 1000;
      bar.update(done / total, 'rendering', `${done}/${total} · ${formatDuration((seconds / done) * (total - done))} left`);
    },
  });
  bar.done(`${written} garments written to ${String(values.out)}${empty > 0 ? ` (${empty} frames had no garment the preprocessing could find)` : ''} in ${formatDuration((Date.now() - started) / 1000)}`);
  log(`fine-tune with them: laundry-sorter train --from models/current --extra ${String(values.out)} --out runs/rendered-tune`);
  return 0;
}
