// The few SFTP operations a push needs, as promises: a durable upload (fsync@openssh.com before
// close), an atomic rename over an existing name (posix-rename@openssh.com), symlinks, and
// small reads.
import { open as openLocal } from 'node:fs/promises';
import type { SFTPWrapper, Stats } from 'ssh2';

const CHUNK = 32 * 1024;
/** Writes in flight at once: enough to fill a LAN link without waiting on each reply. */
const IN_FLIGHT = 8;

function call<T>(fn: (cb: (err: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

export async function uploadFile(sftp: SFTPWrapper, local: string, remote: string, onBytes: (sent: number) => void): Promise<void> {
  const source = await openLocal(local, 'r');
  const handle = await call<Buffer>((cb) => sftp.open(remote, 'w', { mode: 0o644 }, cb));
  try {
    const { size } = await source.stat();
    let sent = 0;
    let offset = 0;
    const writeNext = async (): Promise<void> => {
      while (offset < size) {
        const at = offset;
        const length = Math.min(CHUNK, size - at);
        offset += length;
        const buffer = Buffer.alloc(length);
        await source.read(buffer, 0, length, at);
        await call<void>((cb) => sftp.write(handle, buffer, 0, length, at, cb));
        sent += length;
        onBytes(sent);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, writeNext));
    // fsync before close: the bytes are on the sorter's disk, not just in its page cache.
    await call<void>((cb) => sftp.ext_openssh_fsync(handle, cb));
  } finally {
    await call<void>((cb) => sftp.close(handle, cb)).catch(() => {});
    await source.close();
  }
}

/** Bytes an unprivileged writer may still use on the filesystem holding `path` (statvfs@openssh.com). */
export async function freeBytes(sftp: SFTPWrapper, path: string): Promise<number> {
  const v = await call<{ f_bavail: number | bigint; f_frsize: number | bigint; f_bsize: number | bigint }>((cb) => sftp.ext_openssh_statvfs(path, cb as never));
  const blocks = Number(v.f_bavail) * Number(v.f_frsize || v.f_bsize);
  if (!Number.isFinite(blocks)) throw new Error(`statvfs@openssh.com gave no usable figures for ${path}`);
  return blocks;
}

/** rename(2) on the server: replaces `to` atomically if it exists. */
export const posixRename = (sftp: SFTPWrapper, from: string, to: string) => call<void>((cb) => sftp.ext_openssh_rename(from, to, cb));
export const makeDir = (sftp: SFTPWrapper, path: string) => call<void>((cb) => sftp.mkdir(path, { mode: 0o755 }, cb));
export const rename = (sftp: SFTPWrapper, from: string, to: string) => call<void>((cb) => sftp.rename(from, to, cb));
export const symlink = (sftp: SFTPWrapper, target: string, path: string) => call<void>((cb) => sftp.symlink(target, path, cb));
export const lstat = (sftp: SFTPWrapper, path: string) => call<Stats>((cb) => sftp.lstat(path, cb));

export async function readLink(sftp: SFTPWrapper, path: string): Promise<string | undefined> {
  try {
    return await call<string>((cb) => sftp.readlink(path, cb));
  } catch (err) {
    if ((err as { code?: number }).code === 2) return undefined; // SSH_FX_NO_SUCH_FILE
    throw err;
  }
}

/** Copies a remote file to a local path; false if the remote file does not exist. */
export function downloadFile(sftp: SFTPWrapper, from: string, to: string): Promise<boolean> {
  return new Promise((resolve, reject) => sftp.fastGet(from, to, (err) => {
    if (!err) return resolve(true);
    if ((err as { code?: number }).code === 2) return resolve(false); // SSH_FX_NO_SUCH_FILE
    reject(err);
  }));
}

export async function readSmallFile(sftp: SFTPWrapper, path: string): Promise<string | undefined> {
  try {
    return (await call<Buffer>((cb) => sftp.readFile(path, cb))).toString('utf8');
  } catch (err) {
    if ((err as { code?: number }).code === 2) return undefined;
    throw err;
  }
}

/** Writes a small file whole: into `temp`, then renamed over, so a reader never sees half. */
export async function writeSmallFile(sftp: SFTPWrapper, path: string, text: string, temp: string): Promise<void> {
  await call<void>((cb) => sftp.writeFile(temp, text, cb));
  await posixRename(sftp, temp, path);
}

export async function listDir(sftp: SFTPWrapper, path: string): Promise<{ name: string; isDirectory: boolean; mtime: number }[]> {
  const entries = await call<{ filename: string; attrs: Stats }[]>((cb) => sftp.readdir(path, cb));
  return entries.map((e) => ({ name: e.filename, isDirectory: e.attrs.isDirectory(), mtime: e.attrs.mtime }));
}
