import { join } from 'node:path';
import { loadFashionMnist, splitValidation, takeFirst } from '../dataset/fashion-mnist.js';
import { ARCHITECTURES, ARCHITECTURE_NAMES, type ArchitectureName } from '../model/architectures.js';
import { initBackend } from '../model/backend.js';
import { formatAugment, parseAugment } from '../training/augment-spec.js';
import { SCHEDULE_NAMES } from '../training/lr-schedule.js';
import { train } from '../training/train.js';
import type { TrainSettings } from '../training/train-types.js';
import { choiceFlag, EXIT_USAGE, intFlag, numberFlag, type CommandSpec, type Parsed, DATA_FLAG } from './args.js';
import { formatDuration, ProgressBar } from './progress-bar.js';
import { stopAfterBatchOnCtrlC } from './stop-after-batch.js';
import { finishModel } from './finish-model.js';
import { compareHeldOut, loadExtra, startFrom } from './fine-tune.js';
import { mixExtra } from '../training/mix-extra.js';
import { formatGain } from '../evaluation/gain-interval.js';
import { openSortingModel } from '../upright/sorting-model.js';
import { carryUpright, finderOf } from '../upright/carry-upright.js';
import { UserError } from '../errors/user-error.js';
import { defaultWorkers, parseWorkers } from './workers-flag.js';
import { WorkerFailure } from '../training/parallel/data-parallel.js';
import { EXIT_TEMPFAIL } from '../errors/exit-codes.js';
import { readCheckpointState } from '../training/checkpoint.js';
import { DEFAULT_DISTILL_WEIGHT, openTeachers } from './teachers-flag.js';

/**
 * Garments lie at any angle, and the sorter scores each one's four quarter turns: a model it
 * serves must know turned garments, and be surer of them upright (docs/pose.md). Every
 * recipe for the sorter's own net includes this; the tutorial nets keep the tutorial's.
 */
const ANY_ANGLE = 'rotate:10,turn:0.35,turn-smooth:0.6';

interface Recipe {
  epochs: string; batch: string; lr: string; schedule: string; augment: string; average: string;
  /** Only for runs with --extra. */
  extraShare?: string;
}

/** The residual nets': upright only (the upright finder handles turns), with random erasing at the rate its paper uses. */
const RESIDUAL: Recipe = { epochs: '30', batch: '64', lr: '0.002', schedule: 'cosine', augment: 'shift:2,flip,erase:0.5', average: '0' };

/** The tutorial's recipe for its own nets; the default net gets the recipe it was designed with. */
const RECIPES: Record<ArchitectureName, Recipe> = {
  mlp: { epochs: '10', batch: '32', lr: '0.001', schedule: 'constant', augment: 'none', average: '0' },
  cnn: { epochs: '10', batch: '32', lr: '0.001', schedule: 'constant', augment: 'none', average: '0' },
  sorter: { epochs: '15', batch: '64', lr: '0.002', schedule: 'cosine', augment: `shift:2,flip,erase:0.25,${ANY_ANGLE}`, average: '0' },
  'sorter-wide': { epochs: '30', batch: '64', lr: '0.002', schedule: 'cosine', augment: `shift:2,flip,erase:0.25,camera:0.5,${ANY_ANGLE}`, average: '26' },
  resnet14: RESIDUAL,
  resnet20: RESIDUAL,
  'wide-resnet14': RESIDUAL,
};

/**
 * Training afresh with your garments adds the camera augmentation, so Fashion-MNIST's studio
 * images also look like frames; with --extra-share 0.1 that is the recipe docs/your-garments.md's
 * "training afresh" runs measured.
 */
function withYourGarments(recipe: Recipe): Recipe {
  return { ...recipe, augment: recipe.augment === 'none' ? 'camera:0.5' : `${recipe.augment},camera:0.5`, extraShare: '0.1' };
}

export const TRAIN_SPEC: CommandSpec = {
  name: 'train',
  usage: 'laundry-sorter train [--arch sorter] [--epochs N] [--out DIR] [options]',
  summary: 'Train a garment classifier on Fashion-MNIST. Writes a checkpoint every epoch and, at the end, a model directory the sorter can load.',
  flags: {
    arch: { type: 'string', default: 'sorter', value: 'NAME', description: `architecture: ${ARCHITECTURE_NAMES.join(', ')}` },
    epochs: { type: 'string', value: 'N', description: 'epochs to train (default: 15 for sorter, 10 for the tutorial nets)' },
    'batch-size': { type: 'string', value: 'N', description: 'images per step (default: 64 for sorter, 32 for the tutorial nets)' },
    lr: { type: 'string', value: 'RATE', description: 'peak Adam learning rate (default: 0.002 sorter, 0.001 tutorial)' },
    schedule: { type: 'string', value: 'NAME', description: `learning-rate schedule: ${SCHEDULE_NAMES.join(', ')} (default: cosine sorter, constant tutorial)` },
    warmup: { type: 'string', default: '0', value: 'EPOCHS', description: 'linear warm-up epochs before the schedule' },
    'weight-decay': { type: 'string', default: '0', value: 'RATE', description: 'decoupled weight decay (AdamW): each step every conv and dense kernel shrinks by lr × RATE, e.g. 0.05 (default: 0, none)' },
    augment: { type: 'string', value: 'SPEC', description: `"none" or a list of shift:N, flip, erase:P, camera:P, rotate:DEG, turn:P, turn-smooth:S (default for sorter: shift:2,flip,erase:0.25,${ANY_ANGLE}; none for the tutorial nets; with --extra, plus camera:0.5)` },
    seed: { type: 'string', default: '1', value: 'N', description: 'seed for weights, shuffling and augmentation' },
    patience: { type: 'string', default: '0', value: 'N', description: 'stop after N epochs without a better validation accuracy (0: never)' },
    out: { type: 'string', value: 'DIR', description: 'output directory (default: runs/<arch>-<seed>)' },
    float16: { type: 'boolean', default: false, description: 'store the model\'s weights as float16: half the bytes; its accuracy and golden outputs are measured on them as stored' },
    workers: { type: 'string', value: 'N', description: `worker threads sharing each batch, one per core (default: ${defaultWorkers()} here); the same seed and worker count give the same model` },
    resume: { type: 'boolean', default: false, description: 'continue the run in --out from its last checkpoint (its own settings; --epochs may change the count)' },
    data: DATA_FLAG,
    limit: { type: 'string', value: 'N', description: 'train on the first N training images only (quick tries)' },
    from: { type: 'string', value: 'MODEL_DIR', description: `fine-tune this model instead of starting fresh (default recipe: 5 epochs, lr 0.0003 constant, augment shift:2,flip,camera:0.5,${ANY_ANGLE}, weights averaged from epoch 1; a model with an upright finder keeps it and trains without the turns: shift:2,flip,camera:0.5)` },
    extra: { type: 'string', value: 'DATASET_DIR', description: 'your own labelled garments (from `pull`), mixed into training; a share is held out by garment to judge by' },
    'extra-share': { type: 'string', value: 'FRACTION', description: 'share of each epoch taken from your garments, repeated to get there (default: 0.3 for fine-tunes, 0.1 afresh)' },
    'held-out': { type: 'string', default: '0.25', value: 'FRACTION', description: 'share of your garments (whole garments, not photos) kept out of training to judge the result by' },
    average: { type: 'string', value: 'EPOCH', description: 'the model is the average of the weights from this epoch on, four points an epoch (default: 1 for fine-tunes; 0, the default otherwise, keeps the best epoch)' },
    'extra-validation': { type: 'string', default: '0.1', value: 'FRACTION', description: 'share of your garments kept out of training to score each epoch on (and pick the best one by, with --average 0)' },
    teachers: { type: 'string', value: 'MODEL_DIR[,…]', description: 'distil: trained models whose agreed answer (geometric mean) is part of every target, e.g. a few runs\' models; they run on each batch, so training is slower' },
    distill: { type: 'string', value: 'WEIGHT', description: `with --teachers: share of the target that is the teachers' answer, the rest the true label (default: ${DEFAULT_DISTILL_WEIGHT})` },
    against: { type: 'string', value: 'MODEL_DIR', description: 'with --extra: the model to beat on your held-out garments, e.g. the one your sorter runs (default: the --from model)' },
  },
  epilog: [
    'Ctrl-C stops after the current batch and keeps the last epoch checkpoint; --resume continues it.',
    'The same seed and worker count on the same backend give the same model.',
    'Example: laundry-sorter train --arch cnn --out runs/tutorial-cnn',
    'Fine-tune on your garments: laundry-sorter train --from models/current --extra my-garments --out runs/mine',
    'Or start afresh with them: laundry-sorter train --extra my-garments --against models/current --out runs/mine-fresh',
  ],
};

/** A fine-tune keeps what the model knows: few epochs at a small, constant learning rate. */
const FINE_TUNE: Recipe = { epochs: '5', batch: '64', lr: '0.0003', schedule: 'constant', augment: `shift:2,flip,camera:0.5,${ANY_ANGLE}`, average: '1', extraShare: '0.3' };
/** A model with an upright finder knows garments upright only, and keeps the finder: no turns to learn. */
const FINE_TUNE_UPRIGHT: Recipe = { ...FINE_TUNE, augment: 'shift:2,flip,camera:0.5' };

/** Fewer held-out garments than this judge nothing: the held-out result is reported as too small. */
export const MIN_JUDGING_GARMENTS = 30;

/** Weights join the average four times an epoch: often enough to smooth the path, cheap (a copy each). */
const AVERAGE_PER_EPOCH = 4;

/** The values with every flag the user left out set from the recipe that fits the run. */
function withRecipeDefaults(values: Parsed['values'], fineTuning: boolean, upright = false): Parsed['values'] {
  const arch = choiceFlag(values, 'arch', ARCHITECTURE_NAMES);
  const recipe = fineTuning ? (upright ? FINE_TUNE_UPRIGHT : FINE_TUNE) : values.extra !== undefined ? withYourGarments(RECIPES[arch]) : RECIPES[arch];
  const v = { ...values };
  v.epochs ??= recipe.epochs;
  v['batch-size'] ??= recipe.batch;
  v.lr ??= recipe.lr;
  v.schedule ??= recipe.schedule;
  v.augment ??= recipe.augment;
  v.average ??= recipe.average;
  v['extra-share'] ??= recipe.extraShare;
  return v;
}

/** `v`: the flags with the recipe's defaults filled in (`withRecipeDefaults`). */
function trainSettingsFrom(v: Parsed['values']): TrainSettings {
  const averageFrom = numberFlag(v, 'average', 0, 1000);
  const weightDecay = numberFlag(v, 'weight-decay', 0, 10);
  return {
    arch: choiceFlag(v, 'arch', ARCHITECTURE_NAMES),
    epochs: intFlag(v, 'epochs', 1, 1000),
    batchSize: intFlag(v, 'batch-size', 1, 4096),
    schedule: { name: choiceFlag(v, 'schedule', SCHEDULE_NAMES), base: numberFlag(v, 'lr', 1e-6, 1), warmup: numberFlag(v, 'warmup', 0, 100) },
    augment: parseAugment(String(v.augment)),
    seed: intFlag(v, 'seed', 0, 2 ** 31 - 1),
    patience: intFlag(v, 'patience', 0, 1000),
    workers: v.workers === undefined ? defaultWorkers() : parseWorkers(v.workers),
    ...(v.limit !== undefined ? { limit: intFlag(v, 'limit', 20, 60000) } : {}),
    ...(averageFrom > 0 ? { average: { from: averageFrom, perEpoch: AVERAGE_PER_EPOCH } } : {}),
    ...(weightDecay > 0 ? { weightDecay } : {}),
  };
}

export async function runTrain(values: Parsed['values'], log: (line: string) => void): Promise<number> {
  if (values.against !== undefined && values.extra === undefined) throw new UserError('--against compares on your held-out garments, so it needs --extra DATASET_DIR', { hint: 'or compare afterwards on Fashion-MNIST: laundry-sorter eval NEW_MODEL --against OLD_MODEL', exitCode: EXIT_USAGE });
  const backend = await initBackend();
  const from = values.from ? await startFrom(String(values.from)) : undefined;
  // A finder the --from model carries goes on with the fine-tuned model (src/upright/carry-upright.ts).
  const finder = values.from ? await finderOf(String(values.from)) : undefined;
  if (finder) log(`${String(values.from)} carries an upright finder: the fine-tuned model keeps it, and learns garments upright only`);
  // Opened (and verified) before hours of training, so a wrong path fails at once.
  // The rival is scored as the sorter runs it: with its upright finder, if it carries one.
  const against = values.against !== undefined ? await openSortingModel(String(values.against)) : undefined;
  const runValues = withRecipeDefaults(from ? { ...values, arch: from.arch } : values, from !== undefined, finder !== undefined);
  const settings: TrainSettings = { ...trainSettingsFrom(runValues), ...(from ? { fineTunedFrom: from.modelId } : {}) };
  const outDir = String(values.out ?? join('runs', `${settings.arch}-${settings.seed}`));
  const distilling = await openTeachers(values, outDir);
  if (distilling && values.resume !== true) settings.distill = distilling.settings;
  for (const why of backend.skipped) log(`backend: skipped ${why}`);
  log(`backend: ${backend.name}`);
  const data = await loadFashionMnist({ dir: values.data as string | undefined, log });
  const { fit: fullFit, validation } = splitValidation(data.train);
  const official = settings.limit ? takeFirst(fullFit, settings.limit) : fullFit;
  const extra = values.extra
    ? await loadExtra(String(values.extra), numberFlag(values, 'held-out', 0, 0.9), settings.seed, numberFlag(values, 'extra-validation', 0, 0.5))
    : undefined;
  // Only a run with --extra has a share to read (the recipe leaves it unset otherwise).
  const extraShare = extra ? numberFlag(runValues, 'extra-share', 0, 0.9) : 0;
  const mixed = extra ? mixExtra(official, extra.train, extraShare) : undefined;
  const fit = mixed?.split ?? official;
  if (extra && values.resume !== true) {
    settings.extra = { dataset: extra.dir, share: extraShare, trainPhotos: extra.train.count, heldOutPhotos: extra.heldOut.count };
  }
  if (from) log(`fine-tuning ${from.modelId}`);
  if (extra && mixed) log(`your garments: ${extra.train.count} photos of ${extra.garments.train} garments in training (each seen ${mixed.repeats}× an epoch), ${extra.validation.count} photos of ${extra.garments.validation} for picking the best epoch, ${extra.heldOut.count} photos of ${extra.garments.heldOut} garments held out`);
  log(`data: ${data.dir}${data.official ? ' (official files)' : ' (NOT the official files)'}; ${fit.count} training, ${validation.count} validation, ${data.test.count} test images`);
  if (values.resume === true) log(`resuming the run in ${outDir} with its own settings`);
  if (distilling) log(`distilling from ${distilling.settings.teacherIds.join(', ')}: ${Math.round(distilling.settings.weight * 100)}% of each target is their agreed answer`);
  if (values.resume !== true) log(`training ${settings.arch} (${ARCHITECTURES[settings.arch].description}) for ${settings.epochs} epochs, batch ${settings.batchSize}, ${settings.schedule.name} lr ${settings.schedule.base}${settings.weightDecay ? `, weight decay ${settings.weightDecay}` : ''}, augment ${formatAugment(settings.augment)}, seed ${settings.seed}, ${settings.workers === 1 ? '1 worker' : `${settings.workers} workers`} → ${outDir}`);

  const ctrlC = stopAfterBatchOnCtrlC(log);
  const bar = new ProgressBar();
  const result = await train({
    settings, fit, validation, extraValidation: extra?.validation, outDir, backend: backend.name, resume: values.resume === true, from: from?.model, teachers: distilling?.teachers,
    ...(values.resume === true && values.epochs !== undefined ? { epochsOverride: settings.epochs } : {}),
    ...(values.resume === true && values.workers !== undefined ? { workersOverride: settings.workers } : {}),
    shouldStop: ctrlC.requested,
    onBatch: (p) => bar.update(
      (p.epoch - 1 + p.batch / p.batches) / p.epochs, `epoch ${p.epoch}/${p.epochs}`,
      `loss ${p.loss.toFixed(4)} acc ${(p.accuracy * 100).toFixed(2)}% ${p.imagesPerSecond.toFixed(0)} img/s ETA ${formatDuration(p.etaSeconds)}`,
    ),
    onEpoch: (e, isBest) => bar.done(
      `epoch ${e.epoch}: loss ${e.loss.toFixed(4)} acc ${(e.accuracy * 100).toFixed(2)}% | val loss ${e.valLoss.toFixed(4)} acc ${(e.valAccuracy * 100).toFixed(2)}%${e.extraValAccuracy !== undefined ? `, yours ${(e.extraValAccuracy * 100).toFixed(1)}%` : ''}${isBest ? ' (best)' : ''} | lr ${e.learningRate.toExponential(2)} | ${e.imagesPerSecond.toFixed(0)} img/s, ${formatDuration(e.seconds)}`,
    ),
  }).catch((err: unknown) => {
    bar.done();
    throw err instanceof WorkerFailure ? keptCheckpoint(err, outDir) : err;
  }).finally(() => distilling?.teachers.dispose());
  ctrlC.release();
  bar.done();
  if (result.stopped === 'interrupted') {
    log(`stopped; the last checkpoint is in ${outDir}/checkpoint. Continue with: laundry-sorter train --resume --out ${outDir}`);
    return 130;
  }
  log(`${result.stopped === 'early-stopped' ? 'stopped early' : 'done'}: best validation accuracy at epoch ${result.bestEpoch}`);
  if (result.average) {
    const a = result.average;
    log(`the model is the average of ${a.samples} points along the way from epoch ${result.settings.average!.from} (val acc ${(a.valAccuracy * 100).toFixed(2)}%${a.extraValAccuracy !== undefined ? `, yours ${(a.extraValAccuracy * 100).toFixed(1)}%` : ''}); epoch ${result.bestEpoch} alone is in ${result.bestDir}`);
  }
  if (extra) {
    // The original weights, not the trained object.
    const rival = against ?? (from && await openSortingModel(String(values.from)));
    const r = await compareHeldOut(extra, rival, result.weightsDir, outDir, finder?.model);
    rival?.dispose();
    const pct = (v: number) => (Number.isNaN(v) ? '-' : `${(v * 100).toFixed(1)}%`);
    if (extra.garments.heldOut < MIN_JUDGING_GARMENTS) {
      // A handful of garments swings by whole tens of points on one photo: no figure at all
      // is more honest than one that looks like a measurement.
      log(`your held-out garments: only ${extra.garments.heldOut} (${extra.heldOut.count} photos), too few to judge the model by (at least ${MIN_JUDGING_GARMENTS} are needed); label more garments, or compare on Fashion-MNIST: laundry-sorter eval ${join(outDir, 'model')} --against ${String(values.against ?? values.from ?? 'models/current')}`);
    } else {
      log(`your held-out garments (${extra.heldOut.count} photos of ${extra.garments.heldOut}): ${rival ? `${pct(r.before)} with ${rival.manifest.modelId} → ` : ''}${pct(r.after)} now${rival ? `, ${formatGain(r.gain)}` : ''}`);
    }
  }
  await finishModel({ storage: values.float16 === true ? 'float16' : 'float32', weightsDir: result.weightsDir, outDir, data, validation, settings: result.settings, history: result.history, bestEpoch: result.bestEpoch, average: result.average, backend: backend.name, log });
  if (finder) {
    const paired = await carryUpright(finder, join(outDir, 'model'), backend.name).finally(() => finder.model.dispose());
    log(`${paired.modelId} → ${join(outDir, 'model')}: with the upright finder of ${String(values.from)}`);
  }
  return 0;
}

/** A dead worker ends the run; say which checkpoint survives and how to go on from it. */
function keptCheckpoint(err: WorkerFailure, outDir: string): UserError {
  const state = readCheckpointState(outDir)?.raw;
  if (!state) return new UserError(err.message, { hint: `no epoch had finished, so there is no checkpoint; start the run again (fewer --workers if memory is short)`, exitCode: EXIT_TEMPFAIL });
  return new UserError(err.message, { hint: `the last checkpoint (epoch ${state.epochsDone} of ${state.settings.epochs}) is kept: laundry-sorter train --resume --out ${outDir}`, exitCode: EXIT_TEMPFAIL });
}
