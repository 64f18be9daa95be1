// One sorter per journal directory. Two sorters appending to one journal would each replay
// the other's decisions and compact them away, so the second is refused. The lock is a file
// holding the owner's pid: created exclusively, removed on close, and taken over when its
// owner is gone (a kill -9 or a power cut leaves it behind).
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';
import { EXIT_TEMPFAIL } from '../errors/exit-codes.js';

export const LOCK_FILE = 'journal.lock';

/** Another sorter holds it now; it may not later. */
const EXIT_LOCKED = EXIT_TEMPFAIL;

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive and a Node process: a recycled pid that now belongs to something else is not an owner. */
function isRunningNode(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    return /node|laundry-sorter/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc to ask: alive is the best evidence there is
  }
}

function describeOwner(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return cmdline ? `process ${pid} (${cmdline.slice(0, 80)})` : `process ${pid}`;
  } catch {
    return `process ${pid}`;
  }
}

export interface DirectoryLock { release(): void }

/** Directories this process holds: the pid file cannot tell two journals in one process apart. */
const heldHere = new Set<string>();

export function lockDirectory(dir: string): DirectoryLock {
  const path = join(dir, LOCK_FILE);
  if (heldHere.has(path)) throw new UserError(`journal directory ${dir} is already open in this process`, { exitCode: EXIT_LOCKED });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      heldHere.add(path);
      return {
        release: () => {
          heldHere.delete(path);
          if (ownerOf(path) === process.pid) rmSync(path, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = ownerOf(path);
      if (owner !== undefined && owner !== process.pid && isRunningNode(owner)) {
        throw new UserError(`journal directory ${dir} is in use by another sorter, ${describeOwner(owner)}`, {
          hint: 'stop that sorter first, or give this one its own journal.dir in the config',
          exitCode: EXIT_LOCKED,
        });
      }
      rmSync(path, { force: true }); // left by a sorter that is gone
    }
  }
  throw new UserError(`could not take the lock ${path}: another sorter is starting at the same moment`, { exitCode: EXIT_LOCKED });
}
