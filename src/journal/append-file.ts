// An append-only file that never keeps half a record. Writes are synchronous, into the page
// cache (microseconds, and enough to survive kill -9); fdatasync runs in the background and
// is shared by everything written meanwhile (group commit). A write that fails part way
// (ENOSPC after a few bytes) is cut back to the last whole record at once, so the next
// record never lands glued to a fragment.
import { closeSync, fdatasync, ftruncateSync, fstatSync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const fdatasyncAsync = promisify(fdatasync);

export type AppendResult = { ok: true } | { ok: false; code: string; message: string };

export class AppendFile {
  private fd: number;
  /** Bytes of whole records: where a failed write is cut back to. */
  private goodLength: number;
  private syncingNow?: Promise<void>;
  private waiters: { done: () => void; fail: (e: Error) => void }[] = [];
  /** A cut-back that itself failed: appending again would glue onto the fragment. */
  private damaged = false;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
    this.goodLength = fstatSync(this.fd).size;
  }

  get length(): number {
    return this.goodLength;
  }

  get syncing(): boolean {
    return this.syncingNow !== undefined;
  }

  /** True when an earlier failure could not be cut back: only a rewrite (compaction) repairs it. */
  get needsRewrite(): boolean {
    return this.damaged;
  }

  append(text: string): AppendResult {
    if (this.damaged) return { ok: false, code: 'EDAMAGED', message: 'the journal has a torn record that could not be cut off' };
    const bytes = Buffer.from(text);
    let written = 0;
    try {
      while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
      this.goodLength += bytes.length;
      return { ok: true };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (written > 0) this.cutBack();
      return { ok: false, code: e.code ?? 'EIO', message: e.message };
    }
  }

  private cutBack(): void {
    try {
      ftruncateSync(this.fd, this.goodLength);
    } catch {
      this.damaged = true;
    }
  }

  /** Resolves once everything appended before the call is on disk. */
  sync(): Promise<void> {
    return new Promise((done, fail) => {
      this.waiters.push({ done, fail });
      this.syncingNow ??= this.syncLoop();
    });
  }

  private async syncLoop(): Promise<void> {
    while (this.waiters.length > 0) {
      const batch = this.waiters;
      this.waiters = [];
      try {
        await fdatasyncAsync(this.fd);
        for (const w of batch) w.done();
      } catch (err) {
        for (const w of batch) w.fail(err as Error);
      }
    }
    this.syncingNow = undefined;
  }

  /** Waits for syncs in progress, then closes. */
  async close(): Promise<void> {
    while (this.syncingNow) await this.syncingNow;
    closeSync(this.fd);
  }
}
