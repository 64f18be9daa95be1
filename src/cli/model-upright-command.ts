// `model upright`: trains an upright finder for a garment model and writes the pair as a new
// model directory. The finder settles which way up a straightened garment lies, so the garment
// model keeps the accuracy it has on upright garments (docs/pose.md).
import { join } from 'node:path';
import { CLASS_NAMES } from '../dataset/classes.js';
import { loadFashionMnist } from '../dataset/fashion-mnist.js';
import { UserError } from '../errors/user-error.js';
import { initBackend } from '../model/backend.js';
import { openVerifiedModel } from '../model/verify-model.js';
import { formatAugment, parseAugment } from '../training/augment-spec.js';
import { attachUpright } from '../upright/attach-upright.js';
import { DEFAULT_UPRIGHT_SETTINGS, trainUpright, type UprightSettings } from '../upright/train-upright.js';
import { readCheckpointState } from '../training/checkpoint.js';
import { EXIT_USAGE, DATA_FLAG, intFlag, numberFlag, type CommandSpec, type Parsed } from './args.js';
import { loadExtra } from './fine-tune.js';
import { formatDuration, ProgressBar } from './progress-bar.js';
import { stopAfterBatchOnCtrlC } from './stop-after-batch.js';

/** About the share 18,000 rendered views make of the 55,000 training images as they are. */
const DEFAULT_EXTRA_SHARE = 0.25;

export const MODEL_UPRIGHT_SPEC: CommandSpec = {
  name: 'model upright',
  usage: 'laundry-sorter model upright MODEL_DIR --out DIR [--epochs N] [--seed N] [--resume]',
  summary: 'Train an upright finder (which quarter turn a garment is from upright) for a model, and write the two as a new model: DIR/model. The sorter then weighs a garment\'s views by it (pose.combine: auto).',
  flags: {
    out: { type: 'string', value: 'DIR', description: 'the run: DIR/checkpoint, DIR/finder, and the new model in DIR/model' },
    epochs: { type: 'string', value: 'N', description: `epochs to train the finder (default: ${DEFAULT_UPRIGHT_SETTINGS.epochs}, about 40 s each on one core)` },
    seed: { type: 'string', value: 'N', description: `seed for weights, shuffling and turns (default: ${DEFAULT_UPRIGHT_SETTINGS.seed})` },
    augment: { type: 'string', value: 'SPEC', description: `augmentation before the turn, as train's --augment (default: ${formatAugment(DEFAULT_UPRIGHT_SETTINGS.augment)}); turn and turn-smooth do not apply` },
    resume: { type: 'boolean', description: 'continue the run in --out from its last checkpoint' },
    extra: { type: 'string', value: 'DATASET_DIR', description: 'garment photos to mix into every epoch (a `render-set` folder, or yours from `pull`): the finder learns what straightened camera garments look like; their labels are not needed' },
    'extra-share': { type: 'string', value: 'FRACTION', description: `share of each epoch taken from --extra (default: ${DEFAULT_EXTRA_SHARE})` },
    limit: { type: 'string', value: 'N', description: 'train on the first N training images only (quick tries)' },
    data: DATA_FLAG,
  },
  epilog: [
    'Example: laundry-sorter model upright models/sorter-20261127-984f57f4 --out runs/upright && laundry-sorter push runs/upright/model …',
    'With camera-like views: laundry-sorter render-set --out runs/rendered && laundry-sorter model upright models/current --extra runs/rendered --out runs/upright',
  ],
};

export async function runModelUpright(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  if (positionals.length !== 1 || values.out === undefined) throw new UserError('model upright takes one MODEL_DIR and --out DIR', { hint: 'e.g. `laundry-sorter model upright models/current --out runs/upright`', exitCode: EXIT_USAGE });
  if (values['extra-share'] !== undefined && values.extra === undefined) throw new UserError('--extra-share is the share of --extra DATASET_DIR in each epoch, so it needs --extra', { exitCode: EXIT_USAGE });
  const dir = positionals[0];
  const outDir = String(values.out);
  const backend = await initBackend();
  // The garment model must be sound before a finder is paired with it.
  (await openVerifiedModel(dir, { golden: true })).model.dispose();
  const settings: UprightSettings = {
    ...DEFAULT_UPRIGHT_SETTINGS,
    ...(values.epochs !== undefined ? { epochs: intFlag(values, 'epochs', 1, 1000) } : {}),
    ...(values.seed !== undefined ? { seed: intFlag(values, 'seed', 0, 2 ** 31 - 1) } : {}),
    ...(values.limit !== undefined ? { limit: intFlag(values, 'limit', 64) } : {}),
    ...(values.augment !== undefined ? { augment: { ...parseAugment(String(values.augment)), turn: 0, turnSmoothing: 0 } } : {}),
  };
  const resumed = values.resume === true ? readCheckpointState<UprightSettings>(outDir)?.raw.settings : undefined;
  const extraDir = resumed ? resumed.extra?.dataset : values.extra as string | undefined;
  // All of them train the finder: nothing is held out (its turns are its labels).
  const extra = extraDir !== undefined ? (await loadExtra(extraDir, 0, settings.seed)).train : undefined;
  if (extra && !resumed) settings.extra = { dataset: extraDir!, share: values['extra-share'] === undefined ? DEFAULT_EXTRA_SHARE : numberFlag(values, 'extra-share', 0.01, 0.9), photos: extra.count };
  const data = await loadFashionMnist({ dir: values.data as string | undefined, log });
  if (extra) log(`mixing in ${extra.count} photos from ${extraDir}`);
  log(values.resume === true ? `resuming the finder run in ${outDir} with its own settings` : `training an upright finder for ${settings.epochs} epochs, batch ${settings.batchSize}, ${settings.schedule.name} lr ${settings.schedule.base}, augment ${formatAugment(settings.augment)}, seed ${settings.seed} → ${outDir}`);
  const ctrlC = stopAfterBatchOnCtrlC(log);
  const bar = new ProgressBar();
  const result = await trainUpright({
    data, settings, outDir, resume: values.resume === true, shouldStop: ctrlC.requested, ...(extra ? { extra } : {}),
    onBatch: (p) => bar.update((p.epoch - 1 + p.batch / p.batches) / p.epochs, `epoch ${p.epoch}/${p.epochs}`, `loss ${p.loss.toFixed(4)} turns named ${(p.accuracy * 100).toFixed(1)}% ${p.imagesPerSecond.toFixed(0)} img/s ETA ${formatDuration(p.etaSeconds)}`),
    onEpoch: (e) => bar.done(`epoch ${e.epoch}: loss ${e.loss.toFixed(4)} | validation turns named ${(e.valAccuracy * 100).toFixed(2)}% | ${formatDuration(e.seconds)}`),
  }).finally(() => { ctrlC.release(); bar.done(); });
  if (result.stopped === 'interrupted') {
    log(`stopped; the last checkpoint is in ${outDir}/checkpoint. Continue with: laundry-sorter model upright ${dir} --resume --out ${outDir}`);
    return 130;
  }
  const manifest = await attachUpright(dir, result, join(outDir, 'model'), backend.name);
  result.model.dispose();
  const worst = CLASS_NAMES.map((c) => [c, result.perClassAccuracy[c]] as const).sort((a, b) => a[1] - b[1])[0];
  log(`the finder names the turn of ${(result.testAccuracy * 100).toFixed(2)}% of the turned test set (hardest: ${worst[0]}, ${(worst[1] * 100).toFixed(1)}%)`);
  log(`${manifest.modelId} → ${join(outDir, 'model')}: ${dir} with the finder beside it. Try it: laundry-sorter eval ${join(outDir, 'model')}; push it: laundry-sorter push ${join(outDir, 'model')} …`);
  return 0;
}
