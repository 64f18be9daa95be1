// The models directory on a sorter, seen over SSH: its pointers, leftovers of interrupted
// pushes, old models to prune, and the running sorter's serving.json.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { MANIFEST, type Manifest } from '../model/manifest.js';
import { safeWeightPath } from '../model/model-files.js';
import { CURRENT, INCOMING_PREFIX, MODEL_ID, POINTER_PREFIX, PREVIOUS, SERVING_FILE, type ServingStatus } from '../model/model-pointer.js';
import { downloadFile, listDir, posixRename, readLink, readSmallFile, symlink } from './sftp-files.js';
import { shellQuote, type SshConnection } from './ssh-connection.js';

export class RemoteModels {
  constructor(private readonly conn: SshConnection, readonly dir: string) {}

  path(...parts: string[]): string {
    return posix.join(this.dir, ...parts);
  }

  /** Creates the directory and removes what interrupted pushes left behind. */
  async prepare(): Promise<void> {
    const q = shellQuote(this.dir);
    await this.conn.run(`mkdir -p -- ${q} && cd -- ${q} && rm -rf -- ${INCOMING_PREFIX}* ${POINTER_PREFIX}*`, `preparing ${this.dir}`);
  }

  /** The model id a pointer names, or undefined if there is none. */
  async pointer(name: typeof CURRENT | typeof PREVIOUS): Promise<string | undefined> {
    const target = await readLink(await this.conn.sftp(), this.path(name));
    return target === undefined ? undefined : posix.basename(target);
  }

  /** Makes `name` point at `modelId` by renaming a fresh link over it: never absent, never half-made. */
  async setPointer(name: typeof CURRENT | typeof PREVIOUS, modelId: string): Promise<void> {
    if (!MODEL_ID.test(modelId)) throw new Error(`refusing to point ${name} at \`${modelId}\`: not a model id`);
    const sftp = await this.conn.sftp();
    const temp = this.path(`${POINTER_PREFIX}${randomBytes(6).toString('hex')}`);
    await symlink(sftp, modelId, temp);
    await posixRename(sftp, temp, this.path(name));
  }

  /** Flushes the directory's file system, so the renames survive a power cut. */
  async sync(): Promise<void> {
    await this.conn.exec(`sync -f -- ${shellQuote(this.dir)} 2>/dev/null || sync`);
  }

  async remove(name: string): Promise<void> {
    await this.conn.run(`rm -rf -- ${shellQuote(this.path(name))}`, `removing ${name}`);
  }

  /**
   * Deletes models beyond `keep`, never the current or previous one. Those that served most
   * recently (`served`, newest last) are kept first, so rollback has somewhere to go; models
   * that never served (refused pushes) go first, then the oldest. Returns what went.
   */
  async prune(keep: number, served: string[] = []): Promise<string[]> {
    const protect = new Set([await this.pointer(CURRENT), await this.pointer(PREVIOUS)]);
    const recency = (name: string) => served.lastIndexOf(name);
    const models = (await this.modelDirs())
      .sort((a, b) => recency(b.name) - recency(a.name) || b.mtime - a.mtime || b.name.localeCompare(a.name));
    const removed: string[] = [];
    let kept = 0;
    for (const m of models) {
      if (protect.has(m.name) || kept < keep) { kept++; continue; }
      await this.remove(m.name);
      removed.push(m.name);
    }
    return removed;
  }

  /** The model directories there (pointers, leftovers and files left out), with their times. */
  async modelDirs(): Promise<{ name: string; mtime: number }[]> {
    return (await listDir(await this.conn.sftp(), this.dir)).filter((e) => e.isDirectory && MODEL_ID.test(e.name));
  }

  /** Copies the model a pointer names (its manifest's files and the manifest) into a local directory. */
  async download(name: typeof CURRENT | typeof PREVIOUS, to: string): Promise<void> {
    const sftp = await this.conn.sftp();
    const manifestText = await readSmallFile(sftp, this.path(name, MANIFEST));
    if (!manifestText) throw new Error(`${this.path(name)} has no ${MANIFEST}`);
    writeFileSync(join(to, MANIFEST), manifestText);
    for (const f of (JSON.parse(manifestText) as Manifest).files) {
      const local = safeWeightPath(to, f.path);
      if (!(await downloadFile(sftp, this.path(name, f.path), local))) throw new Error(`${this.path(name, f.path)} is listed in ${MANIFEST} but missing`);
    }
  }

  async serving(): Promise<ServingStatus | undefined> {
    const text = await readSmallFile(await this.conn.sftp(), this.path(SERVING_FILE));
    if (!text) return undefined;
    try {
      return JSON.parse(text) as ServingStatus;
    } catch {
      return undefined; // caught mid-write by an older sorter; the next poll reads it whole
    }
  }

  /** Is the process that wrote serving.json still alive? */
  async sorterAlive(status: ServingStatus): Promise<boolean> {
    return (await this.conn.exec(`test -d /proc/${Number(status.pid)}`)).code === 0;
  }
}
