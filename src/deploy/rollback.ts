// `rollback`: back to the model that served before the current one (or to a named one), by
// the history of what served, and wait for the running sorter to confirm it. Each step back
// goes further back; it never returns to the model just rolled away from.
import { UserError } from '../errors/user-error.js';
import { CURRENT, PREVIOUS } from '../model/model-pointer.js';
import { awaitServing } from './await-serving.js';
import { RemoteModels } from './remote-models.js';
import { readHistory, writeHistory } from './served-history.js';
import type { SshConnection } from './ssh-connection.js';

export interface RollbackResult { modelId: string; replaced: string; serving: boolean; note?: string; seconds: number }

export interface RollbackOptions { waitSeconds: number; to?: string; startedAt?: Date }

/** The history, newest last, with whether each model is still on the sorter (old ones are pruned). */
export async function servedModels(conn: SshConnection, remoteDir: string, current?: string): Promise<Array<{ modelId: string; present: boolean }>> {
  const remote = new RemoteModels(conn, remoteDir);
  const served = await readHistory(conn, remote, current ?? await remote.pointer(CURRENT));
  const present = new Set((await remote.modelDirs()).map((e) => e.name));
  return served.map((modelId) => ({ modelId, present: present.has(modelId) }));
}

export async function rollback(conn: SshConnection, remoteDir: string, options: RollbackOptions): Promise<RollbackResult> {
  const startedAt = options.startedAt ?? new Date();
  const remote = new RemoteModels(conn, remoteDir);
  const current = await remote.pointer(CURRENT);
  const models = await servedModels(conn, remoteDir, current);
  const earlier = models.slice(0, -1); // the last one is what serves now
  const describe = () => earlier.map((m) => `${m.modelId}${m.present ? '' : ' (pruned)'}`).reverse().join(', ') || 'none';
  let index: number;
  if (options.to !== undefined) {
    if (options.to === current) throw new UserError(`${conn.where}: ${current} is already current; nothing to roll back`);
    index = earlier.map((m) => m.modelId).lastIndexOf(options.to);
    if (index < 0) throw new UserError(`${conn.where}: ${options.to} has not served here; what served before ${current}: ${describe()}`, { hint: 'pick one of those, or push the model you want' });
    if (!earlier[index].present) throw new UserError(`${conn.where}: ${options.to} served here once but has been pruned`, { hint: 'push it again' });
  } else {
    index = earlier.map((m) => m.present).lastIndexOf(true);
    if (index < 0) throw new UserError(`${conn.where}: no earlier model to roll back to${earlier.length ? ` (${describe()})` : ''}`, { hint: 'push the model you want instead' });
  }
  const target = earlier[index].modelId;
  const previousBefore = await remote.pointer(PREVIOUS);
  const switchedAt = new Date();
  await remote.setPointer(CURRENT, target);
  // `previous` is what served just before, as after a push: the model rolled away from.
  if (current) await remote.setPointer(PREVIOUS, current);
  await remote.sync();
  // The models rolled away from leave the history: the next rollback goes further back.
  await writeHistory(conn, remote, earlier.slice(0, index + 1).map((m) => m.modelId));
  const seconds = () => (Date.now() - startedAt.getTime()) / 1000;
  if (options.waitSeconds <= 0) return { modelId: target, replaced: current ?? '-', serving: false, note: 'not waiting for the sorter (--wait 0)', seconds: seconds() };
  const outcome = await awaitServing(remote, target, switchedAt, options.waitSeconds);
  if (outcome.kind === 'refused') {
    if (current) await remote.setPointer(CURRENT, current);
    if (previousBefore) await remote.setPointer(PREVIOUS, previousBefore);
    await writeHistory(conn, remote, models.map((m) => m.modelId));
    await remote.sync();
    throw new UserError(`${conn.where}: the sorter could not load ${target}: ${outcome.message}; current points to ${current} again`, { hint: 'it keeps sorting with the model it had' });
  }
  if (outcome.kind === 'timeout') throw new UserError(`${conn.where}: current points to ${target}, but the sorter did not confirm loading it within ${outcome.seconds} s`);
  return { modelId: target, replaced: current ?? '-', serving: outcome.kind === 'serving', note: outcome.kind === 'no-sorter' ? outcome.note : undefined, seconds: seconds() };
}
