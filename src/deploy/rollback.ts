// `rollback`: swap the `current` and `previous` pointers, each by an atomic rename, and wait
// for the running sorter to confirm it serves the previous model again.
import { UserError } from '../errors/user-error.js';
import { CURRENT, PREVIOUS } from '../model/model-pointer.js';
import { awaitServing } from './await-serving.js';
import { RemoteModels } from './remote-models.js';
import type { SshConnection } from './ssh-connection.js';

export interface RollbackResult { modelId: string; replaced: string; serving: boolean; note?: string; seconds: number }

export async function rollback(conn: SshConnection, remoteDir: string, waitSeconds: number, startedAt = new Date()): Promise<RollbackResult> {
  const remote = new RemoteModels(conn, remoteDir);
  const current = await remote.pointer(CURRENT);
  const previous = await remote.pointer(PREVIOUS);
  if (!previous) throw new UserError(`${conn.where}: ${remote.path(PREVIOUS)} does not exist; there is nothing to roll back to`, { hint: 'push the model you want instead' });
  if (previous === current) throw new UserError(`${conn.where}: previous and current are both ${current}; there is nothing to roll back to`);
  const switchedAt = new Date();
  await remote.setPointer(CURRENT, previous);
  if (current) await remote.setPointer(PREVIOUS, current);
  await remote.sync();
  const seconds = () => (Date.now() - startedAt.getTime()) / 1000;
  if (waitSeconds <= 0) return { modelId: previous, replaced: current ?? '-', serving: false, note: 'not waiting for the sorter (--wait 0)', seconds: seconds() };
  const outcome = await awaitServing(remote, previous, switchedAt, waitSeconds);
  if (outcome.kind === 'refused') throw new UserError(`${conn.where}: the sorter could not load ${previous}: ${outcome.message}`, { hint: 'it keeps sorting with the model it had' });
  if (outcome.kind === 'timeout') throw new UserError(`${conn.where}: current points to ${previous}, but the sorter did not confirm loading it within ${outcome.seconds} s`);
  return { modelId: previous, replaced: current ?? '-', serving: outcome.kind === 'serving', note: outcome.kind === 'no-sorter' ? outcome.note : undefined, seconds: seconds() };
}
