// What a sorter has served, newest last: `history.json` in its models directory. Push adds
// to it once a model stands; rollback walks back through it (never forward again, which a
// swap of `current` and `previous` did on a second rollback), to the one before or to a
// named one. Sorters installed before it existed start from their `previous` and `current`.
import { randomBytes } from 'node:crypto';
import { POINTER_PREFIX, PREVIOUS } from '../model/model-pointer.js';
import type { RemoteModels } from './remote-models.js';
import { readSmallFile, writeSmallFile } from './sftp-files.js';
import type { SshConnection } from './ssh-connection.js';

export const HISTORY_FILE = 'history.json';
/** Entries kept: far more than the models kept on a sorter (3 by default). */
const HISTORY_LENGTH = 20;

export interface ServedHistory { served: string[] }

/** `current` is what the caller has just read of that pointer (every caller reads it first). */
export async function readHistory(conn: SshConnection, remote: RemoteModels, current: string | undefined): Promise<string[]> {
  let served: string[] = [];
  const text = await readSmallFile(await conn.sftp(), remote.path(HISTORY_FILE));
  if (text) {
    try {
      served = ((JSON.parse(text) as ServedHistory).served ?? []).filter((id) => typeof id === 'string');
    } catch {
      served = []; // unreadable: start again from the pointers
    }
  }
  if (served.length === 0) {
    const previous = await remote.pointer(PREVIOUS);
    served = [previous, current].filter((id): id is string => id !== undefined && id !== '');
  }
  // `current` changed by hand (or by an older version of push): it is what serves now.
  if (current && served.at(-1) !== current) served.push(current);
  return served;
}

export async function writeHistory(conn: SshConnection, remote: RemoteModels, served: string[]): Promise<void> {
  const trimmed = served.filter((id, i) => id !== served[i - 1]).slice(-HISTORY_LENGTH);
  // The temporary name is one `prepare` clears, should a push die between the two steps.
  const temp = remote.path(`${POINTER_PREFIX}history-${randomBytes(4).toString('hex')}`);
  await writeSmallFile(await conn.sftp(), remote.path(HISTORY_FILE), `${JSON.stringify({ served: trimmed } satisfies ServedHistory, null, 1)}\n`, temp);
}
