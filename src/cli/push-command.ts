// `laundry-sorter push` and `rollback`: send a model to one sorter or a fleet over SSH.
import { UserError } from '../errors/user-error.js';
import { formatResults, runFleet, summarize, type HostOutcome } from '../deploy/fleet.js';
import { readLastPush, saveLastPush, sameTarget } from '../deploy/last-push.js';
import { RemoteModels } from '../deploy/remote-models.js';
import { CURRENT } from '../model/model-pointer.js';
import { readManifest } from '../model/verify-model.js';
import { MANIFEST } from '../model/manifest.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readInventory, type HostEntry } from '../deploy/inventory.js';
import { awaitHealthyOnMqtt } from '../deploy/mqtt-health.js';
import { pushModel, type PushProgress, type PushSettings } from '../deploy/push-model.js';
import { loadFashionMnist, takeFirst } from '../dataset/fashion-mnist.js';
import { formatComparison, worseBy } from '../evaluation/compare-models.js';
import { compareWithProgress } from './compare-with-progress.js';
import { initBackend } from '../model/backend.js';
import { openSortingModel } from '../upright/sorting-model.js';
import { loadExtra } from './fine-tune.js';
import { rollback, servedModels } from '../deploy/rollback.js';
import type { SshConnection } from '../deploy/ssh-connection.js';
import { connectTo, SSH_FLAGS } from './ssh-flags.js';
import { parseTarget } from '../deploy/ssh-target.js';
import { intFlag, numberFlag, type CommandSpec, type FlagSpec, type Parsed } from './args.js';
import { ProgressBar } from './progress-bar.js';

export const DEFAULT_REMOTE_DIR = '/var/lib/laundry-sorter/models';

const TARGET_FLAGS: Record<string, FlagSpec> = {
  host: { type: 'string', value: 'USER@HOST[:PORT]', description: 'the sorter to deploy to' },
  hosts: { type: 'string', value: 'FILE', description: 'many sorters: one USER@HOST[:PORT] per line, or a YAML inventory (see docs/push.md)' },
  ...SSH_FLAGS,
  'remote-dir': { type: 'string', default: DEFAULT_REMOTE_DIR, value: 'DIR', description: 'models directory on the sorter' },
  wait: { type: 'string', default: '60', value: 'SECONDS', description: 'how long to wait for the running sorter to confirm the model (0: do not wait)' },
  parallel: { type: 'string', default: '4', value: 'N', description: 'with --hosts: sorters worked on at once after the canary' },
};

export const PUSH_SPEC: CommandSpec = {
  name: 'push',
  usage: 'laundry-sorter push MODEL_DIR (--host USER@HOST[:PORT] | --hosts FILE) [options]',
  summary: 'Send a model to a sorter over SSH: upload, check checksums and run `model verify` there, switch `current` atomically, and wait for the running sorter to load it. A failure at any step leaves the sorter on its old model.',
  flags: {
    ...TARGET_FLAGS,
    'remote-command': { type: 'string', default: 'laundry-sorter', value: 'CMD', description: 'how to run laundry-sorter on the sorter' },
    keep: { type: 'string', default: '3', value: 'N', description: 'models kept on the sorter, the current one included' },
    mqtt: { type: 'string', value: 'URL', description: 'with --hosts: also require the canary\'s MQTT state to show the new model and a healthy camera' },
    'no-confirm': { type: 'boolean', default: false, description: 'with --hosts: go on to the rest even when the canary cannot confirm it serves the model (its sorter is stopped)' },
    'no-gate': { type: 'boolean', default: false, description: 'skip the comparison with the model the sorter serves (by default a model worse by more than --tolerance on the Fashion-MNIST test set is refused)' },
    gate: { type: 'boolean', default: false, description: 'the comparison, which is the default now (kept for old scripts)' },
    extra: { type: 'string', value: 'DATASET_DIR', description: 'also compare on your held-out garments (same --held-out and --seed as training)' },
    'held-out': { type: 'string', default: '0.25', value: 'FRACTION', description: 'with --extra: the held-out share used in training' },
    seed: { type: 'string', default: '1', value: 'N', description: 'with --extra: the seed used in training' },
    tolerance: { type: 'string', default: '1', value: 'POINTS', description: 'how many accuracy points worse than the serving model is still acceptable' },
    'gate-images': { type: 'string', default: '10000', value: 'N', description: 'Fashion-MNIST test images to compare on' },
    force: { type: 'boolean', default: false, description: 'push even when the comparison finds the model worse' },
  },
  epilog: [
    'Examples:',
    '  laundry-sorter push runs/sorter-20261128-ab12cd34 --host pi@sorter.local',
    '  laundry-sorter push models/current --hosts fleet.yaml --mqtt mqtt://broker.local',
    'With --hosts the first host is a canary: the rest are only touched once it confirms it serves',
    'the model (its running sorter, and with --mqtt its state topic). A canary that fails is rolled back.',
  ],
};

export const ROLLBACK_SPEC: CommandSpec = {
  name: 'rollback',
  usage: 'laundry-sorter rollback (--host USER@HOST[:PORT] | --hosts FILE) [options]',
  summary: 'Return a sorter to the model that served before the current one, by its history of what served: a second rollback goes further back, never forward again. With --hosts, only the sorters the last push to that inventory changed.',
  flags: {
    ...TARGET_FLAGS,
    to: { type: 'string', value: 'MODEL_ID', description: 'roll back to this earlier model (see --list)' },
    list: { type: 'boolean', default: false, description: 'show what served on the sorter, newest first, and change nothing' },
    all: { type: 'boolean', default: false, description: 'with --hosts: roll back every sorter in it, not only those the last push changed' },
  },
  epilog: [
    'Examples:',
    '  laundry-sorter rollback --host pi@sorter.local --list',
    '  laundry-sorter rollback --host pi@sorter.local                       # to the model before',
    '  laundry-sorter rollback --host pi@sorter.local --to sorter-20261127-984f57f4',
  ],
};

function targets(values: Parsed['values'], command: string): HostEntry[] {
  if (values.host && values.hosts) throw new UserError(`${command}: give --host or --hosts, not both`, { exitCode: 64 });
  const entries: HostEntry[] = values.hosts ? readInventory(String(values.hosts))
    : values.host ? [{ target: parseTarget(String(values.host)), label: String(values.host) }] : [];
  if (entries.length === 0) throw new UserError(`${command}: which sorter? pass --host USER@HOST or --hosts FILE`, { hint: `see \`laundry-sorter ${command} --help\``, exitCode: 64 });
  // Every target names its directory; two sorters on one host are told apart by it in the log.
  const withDirs = entries.map((e) => ({ ...e, remoteDir: e.remoteDir ?? String(values['remote-dir']) }));
  const shared = new Set(withDirs.map((e) => e.label).filter((l, i, all) => all.indexOf(l) !== i));
  return withDirs.map((e) => (shared.has(e.label) ? { ...e, label: `${e.label}:${e.remoteDir}` } : e));
}

/** The host as the user named it: `targets` adds `:DIR` to the label only where a host is shared. */
const hostOf = (entry: HostEntry) => (entry.label.endsWith(`:${entry.remoteDir}`) ? entry.label.slice(0, -(entry.remoteDir!.length + 1)) : entry.label);

/** Per-host progress: a bar while uploading to a single sorter on a terminal, step lines otherwise. */
function progressFor(label: string, single: boolean, log: (line: string) => void): PushProgress & { finish(): void } {
  const bar = single && process.stderr.isTTY ? new ProgressBar() : undefined;
  let lastQuarter = -1;
  return {
    step: (step, detail) => { bar?.done(); log(`${single ? '' : `[${label}] `}${step}: ${detail}`); },
    upload: (sent, total) => {
      if (bar) { bar.update(sent / total, 'upload', `${(sent / 1e6).toFixed(2)} of ${(total / 1e6).toFixed(2)} MB`); return; }
      const quarter = Math.floor((sent / total) * 4);
      if (quarter !== lastQuarter) { lastQuarter = quarter; log(`${single ? '' : `[${label}] `}upload: ${quarter * 25}%`); }
    },
    finish: () => bar?.done(),
  };
}

/** The model to push: the folder given, or the model inside a training run's folder (`runs/x` → `runs/x/model`). */
function modelFolder(dir: string, log: (line: string) => void): string {
  if (!existsSync(join(dir, MANIFEST)) && existsSync(join(dir, 'model', MANIFEST))) {
    log(`push: ${dir} is a training run; pushing its model, ${join(dir, 'model')}`);
    return join(dir, 'model');
  }
  return dir;
}

function failed(entry: HostEntry, err: unknown, started: number, changed = false): HostOutcome {
  const e = err as UserError;
  return { host: hostOf(entry), dir: entry.remoteDir!, ok: false, result: 'failed', seconds: (Date.now() - started) / 1000, detail: `${e.message}${e.hint ? ` (${e.hint})` : ''}`, changed };
}

/** After a failed push: does `current` there point to the model we pushed (switched, never put back)? */
async function leftSwitched(conn: SshConnection | undefined, dir: string, modelId: string): Promise<boolean> {
  if (!conn) return false;
  try {
    return (await new RemoteModels(conn, dir).pointer(CURRENT)) === modelId;
  } catch {
    return false;
  }
}

export async function runPush(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  if (positionals.length !== 1) throw new UserError('push takes one MODEL_DIR', { hint: 'e.g. `laundry-sorter push models/current --host pi@sorter.local`', exitCode: 64 });
  const entries = targets(values, 'push');
  const waitSeconds = intFlag(values, 'wait', 0, 3600);
  const keep = intFlag(values, 'keep', 1, 100);
  const single = entries.length === 1;
  // Checked here, before any connection: a wrong folder is the user's to fix, not the network's.
  const modelDir = modelFolder(positionals[0], log);
  const pushedId = readManifest(modelDir).modelId;
  if (values.gate === true && values['no-gate'] === true) throw new UserError('push: --gate and --no-gate contradict each other', { exitCode: 64 });
  // Safe by default: a model worse than the one serving is refused unless asked otherwise.
  const gate = values['no-gate'] === true ? undefined : await gateFor(modelDir, values, log);
  const job = async (entry: HostEntry): Promise<HostOutcome> => {
    const started = Date.now();
    const progress = progressFor(entry.label, single, log);
    let conn: SshConnection | undefined;
    try {
      conn = await connectTo(entry, values, log);
      const r = await pushModel(conn, modelDir, {
        remoteDir: entry.remoteDir!, command: entry.command ?? String(values['remote-command']), keep, waitSeconds, gate,
      }, progress, new Date(started));
      progress.finish();
      const detail = r.note ?? (r.serving ? `serving after ${r.seconds.toFixed(1)} s${r.previous ? `, previous: ${r.previous}` : ''}` : '');
      return {
        host: hostOf(entry), dir: entry.remoteDir!, ok: true, result: r.outcome, modelId: r.modelId, seconds: r.seconds,
        detail: detail + (r.pruned.length ? `; pruned ${r.pruned.join(', ')}` : ''), topicRoot: r.topicRoot, confirmed: r.serving, changed: r.outcome === 'pushed',
      };
    } catch (err) {
      progress.finish();
      return failed(entry, err, started, await leftSwitched(conn, entry.remoteDir!, pushedId));
    } finally {
      conn?.close();
    }
  };
  const mqttUrl = values.mqtt as string | undefined;
  const results = await runFleet(entries, job, {
    parallel: intFlag(values, 'parallel', 1, 64),
    onEvent: log,
    canaryCheck: async (outcome) => {
      if (mqttUrl) {
        const root = outcome.topicRoot;
        if (!root) throw new UserError('the canary did not report its MQTT topic root (no sorter running?)');
        log(`canary: waiting for ${root}/state to show ${outcome.modelId} and a healthy camera on ${mqttUrl}`);
        await awaitHealthyOnMqtt(mqttUrl, root, outcome.modelId!, Math.max(waitSeconds, 10));
      } else if (!outcome.confirmed) {
        if (values['no-confirm'] === true) { log(`canary: ${outcome.detail}; going on without confirmation (--no-confirm)`); return; }
        throw new UserError(`the canary cannot confirm it serves ${outcome.modelId}: ${outcome.detail || 'no sorter confirmed it'}; the rest of the fleet was not touched (start its sorter, check with --mqtt URL, or pass --no-confirm)`);
      }
    },
    undoCanary: async (_outcome, entry) => {
      log(`canary: rolling ${entry.label} back to its previous model`);
      const conn = await connectTo(entry, values, log);
      try {
        const r = await rollback(conn, entry.remoteDir!, { waitSeconds });
        return `rolled back to ${r.modelId}${r.serving ? ', which it serves again' : ''}`;
      } finally {
        conn.close();
      }
    },
  });
  if (values.hosts) {
    const changed = results.filter((r) => r.changed).map((r) => ({ host: r.host, dir: r.dir }));
    saveLastPush({ inventory: String(values.hosts), modelId: pushedId, at: new Date().toISOString(), changed });
  }
  return report(results, log);
}

function report(results: HostOutcome[], log: (line: string) => void): number {
  if (results.length === 1) {
    const r = results[0];
    if (!r.ok) throw new UserError(r.detail);
    log(`${r.result === 'unchanged' ? 'unchanged' : 'ok'}: ${r.host} ${r.modelId} — ${r.detail}`);
    return 0;
  }
  process.stdout.write(`${formatResults(results)}\n`);
  log(summarize(results));
  return results.every((r) => r.ok) ? 0 : 1;
}

export async function runRollback(values: Parsed['values'], _p: string[], log: (line: string) => void): Promise<number> {
  const entries = targets(values, 'rollback');
  if (values.list === true) return listServed(entries, values);
  const waitSeconds = intFlag(values, 'wait', 0, 3600);
  const last = values.hosts && values.all !== true ? readLastPush(String(values.hosts)) : undefined;
  if (values.hosts && values.all !== true && !last) {
    throw new UserError(`no record of a push to the sorters in ${String(values.hosts)}, so no way to tell which ones it changed`, { hint: 'pass --all to roll back every sorter in it, or --host for one', exitCode: 64 });
  }
  const results = await runFleet(entries, async (entry) => {
    const started = Date.now();
    const target = { host: hostOf(entry), dir: entry.remoteDir! };
    if (last && !last.changed.some((c) => sameTarget(c, target))) {
      return { ...target, ok: true, result: 'skipped', detail: `the last push (${last.modelId}, ${last.at.slice(0, 16).replace('T', ' ')}) did not change it` };
    }
    let conn: SshConnection | undefined;
    try {
      conn = await connectTo(entry, values, log);
      const r = await rollback(conn, entry.remoteDir!, { waitSeconds, to: values.to as string | undefined, startedAt: new Date(started) });
      return { ...target, ok: true, result: 'rolled back', modelId: r.modelId, seconds: r.seconds, detail: r.note ?? `serving ${r.modelId} again (was ${r.replaced})` };
    } catch (err) {
      return failed(entry, err, started);
    } finally {
      conn?.close();
    }
  }, { parallel: intFlag(values, 'parallel', 1, 64), onEvent: log });
  return report(results, log);
}

/** The check --gate runs against each sorter's serving model: test data loaded once, the candidate loaded once. */
async function gateFor(candidateDir: string, values: Parsed['values'], log: (line: string) => void): Promise<PushSettings['gate']> {
  await initBackend();
  let data: Awaited<ReturnType<typeof loadFashionMnist>>;
  try {
    data = await loadFashionMnist({ log });
  } catch (err) {
    const e = err as Error & { hint?: string };
    throw new UserError(`push compares the model with the one serving on the Fashion-MNIST test set, but ${e.message}`, {
      hint: `${e.hint ?? 'run scripts/install-deps.sh'}; or skip the comparison with --no-gate`,
    });
  }
  const test = takeFirst(data.test, intFlag(values, 'gate-images', 100, 10000));
  const extra = values.extra ? await loadExtra(String(values.extra), numberFlag(values, 'held-out', 0, 0.9), intFlag(values, 'seed', 0, 2 ** 31 - 1)) : undefined;
  const tolerance = numberFlag(values, 'tolerance', 0, 100);
  const candidate = await openSortingModel(candidateDir);
  return async (serving) => {
    const old = await openSortingModel(serving.dir);
    const c = compareWithProgress(old, candidate, test, extra);
    old.dispose();
    for (const line of formatComparison(c, serving.modelId, candidate.manifest.modelId).slice(0, c.heldOut ? 3 : 2)) log(line);
    const why = worseBy(c, tolerance);
    if (!why) return;
    if (values.force === true) { log(`--force: pushing although ${why}`); return; }
    throw new UserError(`refusing to replace ${serving.modelId}: ${why}, beyond the ${tolerance}-point tolerance`, { hint: 'retrain, raise --tolerance, or pass --force to push it anyway' });
  };
}

/** `rollback --list`: each sorter's history of what served, newest first; the current one marked. */
async function listServed(entries: HostEntry[], values: Parsed['values']): Promise<number> {
  for (const entry of entries) {
    const conn = await connectTo(entry, values, () => {});
    try {
      const models = await servedModels(conn, entry.remoteDir!);
      process.stdout.write(`${entry.label}:\n`);
      models.reverse().forEach((m, i) => process.stdout.write(`  ${i === 0 ? 'current ' : '        '}${m.modelId}${m.present ? '' : '  (pruned)'}\n`));
    } finally {
      conn.close();
    }
  }
  return 0;
}
