// A journal directory the sorter cannot use, as one line that says what to do.
import { UserError } from '../errors/user-error.js';
import { EXIT_CONFIG } from '../errors/exit-codes.js';

const WHY: Record<string, string> = {
  EROFS: 'is on a read-only filesystem',
  EACCES: 'is not writable by this user',
  EPERM: 'is not writable by this user',
  ENOSPC: 'is on a full disk',
  ENOTDIR: 'is not a directory',
  EEXIST: 'is a file, not a directory',
  ENOENT: 'cannot be created (a folder above it is missing)',
};

export function journalDirError(dir: string, err: unknown): Error {
  if (err instanceof UserError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  const why = WHY[code];
  if (!why) return err as Error;
  return new UserError(`journal directory ${dir} ${why} (${code}): the sorter cannot keep its decisions there`, {
    hint: 'set journal.dir in the config to a writable folder on a disk with room (the service uses /var/lib/laundry-sorter/journal)',
    exitCode: EXIT_CONFIG, // journal.dir points somewhere the sorter cannot keep its decisions
    cause: err,
  });
}
