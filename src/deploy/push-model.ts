// One push to one sorter, in the order that makes it safe to cut off at any moment:
//   1. upload into .incoming-<id>-<random>/, weights first and manifest.json last, each fsynced;
//   2. compare every file's sha256 as the sorter computes it with ours;
//   3. run `laundry-sorter model verify` there (shapes, class count, golden outputs);
//   4. only then rename it to <id>/ and rename a new `current` link over the old one;
//   5. wait for the running sorter to confirm it serves the model, and point `current` back
//      if it refuses.
// Until step 4 the sorter's models are untouched; a later push removes the leftovers.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { CURRENT, INCOMING_PREFIX, PREVIOUS } from '../model/model-pointer.js';
import { MANIFEST } from '../model/manifest.js';
import { checkFiles, readManifest } from '../model/verify-model.js';
import { awaitServing } from './await-serving.js';
import { RemoteModels } from './remote-models.js';
import { readHistory, writeHistory } from './served-history.js';
import { freeBytes, makeDir, rename, uploadFile } from './sftp-files.js';
import { shellQuote, type SshConnection } from './ssh-connection.js';

export interface PushSettings {
  remoteDir: string;
  /** How to run laundry-sorter on the sorter. */
  command: string;
  /** Models kept on the sorter, the current one included. */
  keep: number;
  /** How long to wait for the running sorter to confirm; 0 to not wait. */
  waitSeconds: number;
  /** Called with the model the sorter serves now (downloaded into `dir`) before anything is uploaded; throws to refuse. */
  gate?: (serving: { modelId: string; dir: string }) => Promise<void>;
}

export type PushStep = 'prepare' | 'upload' | 'checksum' | 'verify' | 'switch' | 'confirm';

export interface PushProgress {
  step(step: PushStep, detail: string): void;
  upload(sentBytes: number, totalBytes: number): void;
}

export interface PushResult {
  outcome: 'pushed' | 'unchanged';
  modelId: string;
  previous?: string;
  /** From the start of the push to the sorter confirming the new model (or to the switch, if nothing confirmed). */
  seconds: number;
  serving: boolean;
  topicRoot?: string;
  note?: string;
  pruned: string[];
}

interface LocalFile { name: string; path: string; bytes: number; sha256: string }

/** The upload order: weights, then model.json, then manifest.json, so a manifest only lands beside complete files. */
function localFiles(dir: string): { modelId: string; files: LocalFile[] } {
  const manifest = readManifest(dir);
  checkFiles(dir, manifest);
  const listed = manifest.files.map((f) => ({ name: f.path, path: join(dir, f.path), bytes: f.bytes, sha256: f.sha256 }));
  const rank = (n: string) => (n === 'model.json' ? 1 : 0);
  listed.sort((a, b) => rank(a.name) - rank(b.name));
  const manifestPath = join(dir, MANIFEST);
  listed.push({ name: MANIFEST, path: manifestPath, bytes: statSync(manifestPath).size, sha256: createHash('sha256').update(readFileSync(manifestPath)).digest('hex') });
  return { modelId: manifest.modelId, files: listed };
}

async function compareChecksums(conn: SshConnection, dir: string, files: LocalFile[]): Promise<void> {
  const out = await conn.run(`cd -- ${shellQuote(dir)} && sha256sum -- ${files.map((f) => shellQuote(f.name)).join(' ')}`, 'sha256sum on the sorter');
  const remote = new Map(out.trim().split('\n').map((line) => {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    return m ? [m[2], m[1]] as const : ['', ''] as const;
  }));
  for (const f of files) {
    const got = remote.get(f.name);
    if (got !== f.sha256) throw new UserError(`${conn.where}: ${f.name} arrived with sha256 ${got?.slice(0, 12) ?? 'missing'}…, expected ${f.sha256.slice(0, 12)}…; the upload was damaged`, { hint: 'push again' });
  }
}

/** Room the sorter keeps beside the model: its journal and snapshots must not be squeezed out by a push. */
export const SPACE_TO_SPARE = 1024 * 1024;

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

async function checkSpace(sftp: Parameters<typeof freeBytes>[0], where: string, dir: string, needed: number): Promise<void> {
  const free = await freeBytes(sftp, dir).catch(() => undefined); // a server without statvfs: the upload will tell
  if (free === undefined || free >= needed + SPACE_TO_SPARE) return;
  throw new UserError(`${where}: the device has ${mb(free)} free in ${dir}, the model needs ${mb(needed)} (and ${mb(SPACE_TO_SPARE)} to spare)`, {
    hint: 'free space on the sorter (old models: push --keep 2 keeps fewer), then push again',
  });
}

/** SFTP says only "Failure" when the disk fills: say what happened, with the numbers. */
async function explainUploadFailure(err: unknown, sftp: Parameters<typeof freeBytes>[0], where: string, dir: string, needed: number): Promise<unknown> {
  if (err instanceof UserError) return err;
  const free = await freeBytes(sftp, dir).catch(() => undefined);
  if (free !== undefined && free < needed + SPACE_TO_SPARE) {
    return new UserError(`${where}: the device ran out of space during the upload: ${mb(free)} free in ${dir} when it failed, the model needs ${mb(needed)}; the partial upload was removed`, { hint: 'free space on the sorter, then push again' });
  }
  return err;
}

/** SFTP's status for a refused operation (SSH_FX_PERMISSION_DENIED). */
const SFTP_PERMISSION_DENIED = 3;

/**
 * The push, step by step (below). A refusal by the sorter's file system names the step, the
 * directory and the host, and says whom to push as: SFTP itself says only "Permission denied".
 */
export async function pushModel(conn: SshConnection, localDir: string, settings: PushSettings, progress: PushProgress, startedAt = new Date()): Promise<PushResult> {
  let stage: PushStep = 'prepare';
  const tracked: PushProgress = { step: (s, d) => { stage = s; progress.step(s, d); }, upload: (a, b) => progress.upload(a, b) };
  try {
    return await pushSteps(conn, localDir, settings, tracked, startedAt);
  } catch (err) {
    const e = err as { code?: unknown; message?: string };
    if (!(err instanceof UserError) && (e.code === SFTP_PERMISSION_DENIED || /permission denied/i.test(e.message ?? ''))) {
      throw new UserError(`${conn.where}: ${stage}: permission denied in ${settings.remoteDir} (${e.message})`, {
        hint: 'push as a user in the sorter service\'s group, which may write its models directory (docs/device.md, "Pushing models to it"), or name a directory that user may write with --remote-dir',
      });
    }
    throw err;
  }
}

async function pushSteps(conn: SshConnection, localDir: string, settings: PushSettings, progress: PushProgress, startedAt: Date): Promise<PushResult> {
  const { modelId, files } = localFiles(localDir);
  const remote = new RemoteModels(conn, settings.remoteDir);
  const elapsed = () => (Date.now() - startedAt.getTime()) / 1000;

  progress.step('prepare', `${settings.remoteDir} on ${conn.where}`);
  await remote.prepare();
  const current = await remote.pointer(CURRENT);
  const previousBefore = await remote.pointer(PREVIOUS);
  if (current === modelId) {
    return { outcome: 'unchanged', modelId, seconds: elapsed(), serving: true, note: `${modelId} is already current; nothing to do`, pruned: [] };
  }

  const history = await readHistory(conn, remote, current);
  const sftp = await conn.sftp();
  if (settings.gate && current) {
    progress.step('prepare', `comparing with ${current}, the model the sorter serves`);
    const dir = mkdtempSync(join(tmpdir(), 'serving-model-'));
    try {
      await remote.download(CURRENT, dir);
      await settings.gate({ modelId: current, dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const incoming = remote.path(`${INCOMING_PREFIX}${modelId}-${randomBytes(4).toString('hex')}`);
  const total = files.reduce((a, f) => a + f.bytes, 0);
  await checkSpace(sftp, conn.where, settings.remoteDir, total);
  progress.step('upload', `${files.length} files, ${(total / 1e6).toFixed(2)} MB`);
  try {
    await makeDir(sftp, incoming);
    let done = 0;
    for (const f of files) {
      await uploadFile(sftp, f.path, `${incoming}/${f.name}`, (sent) => progress.upload(done + sent, total));
      done += f.bytes;
    }
    progress.step('checksum', 'sha256 of every file, computed on the sorter');
    await compareChecksums(conn, incoming, files);
    // Group-writable, so another member of the service's group can prune it later.
    await conn.exec(`chmod -R g+rwX -- ${shellQuote(incoming)}`);
    progress.step('verify', `${settings.command} model verify`);
    const verify = await conn.exec(`${settings.command} model verify ${shellQuote(incoming)}`);
    if (verify.code !== 0) {
      const why = verify.stderr.trim().split('\n').filter((l) => !l.startsWith('  →')).pop()?.replace(/^laundry-sorter: /, '') ?? `exit ${verify.code}`;
      throw new UserError(`${conn.where}: the sorter rejected ${modelId}: ${why}`, { hint: verify.code === 127 ? `is laundry-sorter installed there? set the command with --remote-command` : 'the sorter keeps its current model' });
    }
  } catch (err) {
    const explained = await explainUploadFailure(err, sftp, conn.where, settings.remoteDir, total);
    // Nothing half-uploaded stays behind to fill the disk until the next push.
    await remote.remove(incoming.slice(settings.remoteDir.length + 1)).catch(() => {});
    throw explained;
  }

  progress.step('switch', `current → ${modelId}${current ? ` (previous: ${current})` : ''}`);
  const switchedAt = new Date();
  const existing = remote.path(modelId);
  const aside = remote.path(`${INCOMING_PREFIX}old-${randomBytes(4).toString('hex')}`);
  // A model of the same id may be there from before (pushed, then rolled away from): the
  // verified upload replaces it. Directories cannot be renamed over, so move it aside first.
  const hadCopy = await rename(sftp, existing, aside).then(() => true, () => false);
  await rename(sftp, incoming, existing);
  if (hadCopy) await remote.remove(aside.slice(settings.remoteDir.length + 1));
  if (current) await remote.setPointer(PREVIOUS, current);
  await remote.setPointer(CURRENT, modelId);
  await remote.sync();
  // Old models are pruned only once the push stands: a refused model puts the pointers back,
  // and the model `previous` then points to must still be there.
  const served = [...history, modelId];
  const prune = async () => {
    await writeHistory(conn, remote, served);
    return remote.prune(settings.keep, served);
  };

  if (settings.waitSeconds <= 0) return { outcome: 'pushed', modelId, previous: current, seconds: elapsed(), serving: false, note: 'not waiting for the sorter (--wait 0)', pruned: await prune() };
  progress.step('confirm', 'waiting for the running sorter to load it');
  const outcome = await awaitServing(remote, modelId, switchedAt, settings.waitSeconds);
  switch (outcome.kind) {
    case 'serving':
      return { outcome: 'pushed', modelId, previous: current, seconds: elapsed(), serving: true, topicRoot: outcome.topicRoot, pruned: await prune() };
    case 'no-sorter':
      return { outcome: 'pushed', modelId, previous: current, seconds: elapsed(), serving: false, note: outcome.note, pruned: await prune() };
    case 'refused':
      if (current) await remote.setPointer(CURRENT, current);
      if (previousBefore) await remote.setPointer(PREVIOUS, previousBefore);
      await remote.sync();
      throw new UserError(`${conn.where}: the sorter could not load ${modelId}: ${outcome.message}${current ? `; current points to ${current} again` : ''}`, { hint: 'the sorter kept sorting with its old model; see its log' });
    case 'timeout':
      throw new UserError(`${conn.where}: current points to ${modelId}, but the running sorter did not confirm loading it within ${outcome.seconds} s`, { hint: 'check the sorter\'s log (journalctl -u laundry-sorter); `laundry-sorter rollback` returns to the previous model' });
  }
}
