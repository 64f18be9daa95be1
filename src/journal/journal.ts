// The decision journal: every decision is on disk before it is reported, and stays marked
// undelivered until the broker acknowledges it, across broker outages and crashes.
//
// Format: an append-only file of JSON lines, `{"d":<decision>}` when a decision is recorded
// and `{"a":"<id>"}` when the broker acknowledged it. Recovery is a replay of the file: a
// decision without an ack is undelivered. A process killed mid-write leaves at most one torn
// last line; it is dropped on reading (that decision was never fsynced, so it was never
// reported either). Decisions are fsynced in groups (one fdatasync for all that arrived
// meanwhile) so sorting never waits on the disk; acks are not fsynced, since losing one only
// means a duplicate delivery, which consumers drop by id.
//
// Bounds: when the file has grown past twice the live entries, it is compacted to just the
// undelivered ones (written beside, fsynced, renamed over), so delivered entries go first.
// Undelivered entries beyond maxUndelivered are dropped oldest first, loudly: in the log and
// in the `dropped` count on the state topic, never silently.
import { closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { fdatasync, write } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Decision } from '../mqtt/topics.js';

export const JOURNAL_FILE = 'decisions.jsonl';
const writeAsync = promisify(write);
const fdatasyncAsync = promisify(fdatasync);

export interface JournalStats { undelivered: number; dropped: number; tornLines: number }

export class Journal {
  private fd: number;
  private readonly pending = new Map<string, Decision>();
  private lines = 0;
  private queue: { line: string; done: () => void; fail: (e: Error) => void }[] = [];
  private busy = false;
  private closed = false;
  dropped = 0;
  readonly tornLines: number;

  constructor(private readonly dir: string, private readonly maxUndelivered: number, private readonly onDrop: (message: string) => void = () => {}) {
    mkdirSync(dir, { recursive: true });
    this.tornLines = this.recover();
    this.fd = openSync(this.path, 'a');
    this.compactIfNeeded();
  }

  get path(): string {
    return join(this.dir, JOURNAL_FILE);
  }

  /** Undelivered decisions, oldest first. */
  undelivered(): Decision[] {
    return [...this.pending.values()];
  }

  /** False once acknowledged (or dropped): nothing left to send. */
  isUndelivered(id: string): boolean {
    return this.pending.has(id);
  }

  /** Records queued or being written. */
  get writing(): boolean {
    return this.busy || this.queue.length > 0;
  }

  get backlog(): number {
    return this.pending.size;
  }

  private recover(): number {
    if (!existsSync(this.path)) return 0;
    let torn = 0;
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      let record: { d?: Decision; a?: string };
      try {
        record = JSON.parse(line) as { d?: Decision; a?: string };
      } catch {
        torn++;
        continue;
      }
      this.lines++;
      if (record.d?.id) this.pending.set(record.d.id, record.d);
      else if (typeof record.a === 'string') this.pending.delete(record.a);
    }
    return torn;
  }

  /** Resolves once the decision is on disk (fdatasync'd). */
  record(decision: Decision): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the journal is closed'));
    this.pending.set(decision.id, decision);
    this.enforceBound();
    return new Promise((done, fail) => {
      this.queue.push({ line: `${JSON.stringify({ d: decision })}\n`, done, fail });
      void this.flush();
    });
  }

  /** The broker acknowledged it: no need to send it again. */
  delivered(id: string): void {
    if (this.closed || !this.pending.delete(id)) return;
    this.queue.push({ line: `${JSON.stringify({ a: id })}\n`, done: () => {}, fail: () => {} });
    void this.flush();
  }

  private enforceBound(): void {
    while (this.pending.size > this.maxUndelivered) {
      const [oldest] = this.pending.keys();
      this.pending.delete(oldest);
      this.dropped++;
      this.onDrop(`journal full (${this.maxUndelivered} undelivered decisions): dropped the oldest, ${oldest}; ${this.dropped} dropped so far — is the broker reachable?`);
    }
  }

  /** Group commit: everything queued is written and synced together. */
  private async flush(): Promise<void> {
    if (this.busy || this.queue.length === 0) return;
    this.busy = true;
    const batch = this.queue;
    this.queue = [];
    try {
      await writeAsync(this.fd, batch.map((b) => b.line).join(''));
      await fdatasyncAsync(this.fd);
      this.lines += batch.length;
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.fail(err as Error);
    } finally {
      this.busy = false;
    }
    this.compactIfNeeded();
    void this.flush();
  }

  private compactIfNeeded(): void {
    if (this.busy || this.queue.length > 0 || this.lines < 1000 || this.lines < 2 * this.pending.size + 1000) return;
    const temp = `${this.path}.compact`;
    const fd = openSync(temp, 'w');
    const live = [...this.pending.values()].map((d) => `${JSON.stringify({ d })}\n`).join('');
    writeSync(fd, live);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temp, this.path);
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a');
    this.lines = this.pending.size;
  }

  /** Waits for queued writes and syncs; called on stop. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.busy || this.queue.length > 0) {
      void this.flush();
      await new Promise((r) => setTimeout(r, 5));
    }
    this.closed = true;
    fdatasyncSync(this.fd);
    closeSync(this.fd);
  }

  stats(): JournalStats {
    return { undelivered: this.pending.size, dropped: this.dropped, tornLines: this.tornLines };
  }
}
