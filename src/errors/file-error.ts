// A file-system error on a path the user named (`--out /missing/x.png`, a read-only folder)
// is bad input, not a bug: one line naming the path and what is wrong, instead of a stack.

const MEANING: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the filesystem is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
};

const ACTION: Record<string, string> = {
  open: 'cannot open', read: 'cannot read', write: 'cannot write', mkdir: 'cannot create the folder',
  rename: 'cannot rename', unlink: 'cannot remove', scandir: 'cannot list', stat: 'cannot find', lstat: 'cannot find', copyfile: 'cannot copy',
};

export interface FileErrorReport { message: string; hint: string }

/** The one-line form of a Node file-system error, or undefined for anything else. */
export function describeFileError(err: unknown): FileErrorReport | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || typeof e.code !== 'string' || typeof e.path !== 'string' || typeof e.syscall !== 'string') return undefined;
  const meaning = MEANING[e.code];
  if (!meaning) return undefined;
  return {
    message: `${ACTION[e.syscall] ?? `cannot ${e.syscall}`} ${e.path}: ${meaning} (${e.code})`,
    hint: e.code === 'ENOENT' ? 'check the path; the folder it goes in must exist' : 'choose another path, or fix the folder\'s permissions or free space',
  };
}
