// The decision journal: every decision is written before its bin moves, and stays marked
// undelivered until the broker acknowledges it, across broker outages, crashes and full disks.
//
// The file is a list of JSON lines (journal-records.ts), replayed on start. Each record is
// written synchronously into the page cache (that survives kill -9) and fdatasync'd in groups
// in the background (append-file.ts), so sorting never waits on the disk.
//
// When the disk is full or read-only the journal is *degraded*: it says so once, keeps the
// undelivered decisions in memory (bounded by maxUndelivered, drops counted) and tries every
// few seconds to write them all out again; when that works it is back to normal by itself.
//
// Bounds: when the file has grown past twice the live entries it is rewritten with just the
// undelivered ones, a chunk at a time off the sorter's path (rewrite-file.ts), and renamed
// over the old one. Drops are journaled too, so a restart neither resurrects them nor
// forgets how many there were.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, appendFileSync, truncateSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '../mqtt/topics.js';
import { AppendFile } from './append-file.js';
import { lockDirectory, type DirectoryLock } from './directory-lock.js';
import { ackLine, countLine, decisionLine, dropLine, replay } from './journal-records.js';
import { writeLinesAsync } from './rewrite-file.js';
import { journalDirError } from './journal-dir-error.js';

export const JOURNAL_FILE = 'decisions.jsonl';

export type JournalHealth = 'ok' | 'disk full' | 'read-only' | 'write failing';

export interface JournalOptions {
  maxUndelivered: number;
  /** Each decision dropped over the bound, as a sentence for the log. */
  onDrop?: (message: string) => void;
  /** Each change of health, once, as a sentence for the log. */
  onHealth?: (health: JournalHealth, message: string) => void;
  /** How often a degraded journal tries to write itself out again. */
  retryMs?: number;
}

export interface JournalStats {
  health: JournalHealth;
  undelivered: number;
  dropped: number;
  /** Decisions only in memory because the disk could not take them. */
  unsaved: number;
  skippedLines: number;
}

/** Lines beyond the live set that justify a rewrite (and the least a file must have to be worth one). */
const COMPACT_SLACK = 1000;
const DEFAULT_RETRY_MS = 2000;

/** mkdir -p. Node's recursive mkdir reports a read-only or forbidden parent as ENOENT; a plain mkdir then says which it was. */
function makeDirectory(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') mkdirSync(dir);
    throw err;
  }
}

export class Journal {
  private file: AppendFile;
  private readonly lock: DirectoryLock;
  private readonly pending: Map<string, Decision>;
  private lines: number;
  private unsavedIds = new Set<string>();
  private compacting?: Promise<boolean>;
  /** Lines written while a rewrite is under way: the new file needs them too. */
  private tail?: string[];
  private retryTimer?: NodeJS.Timeout;
  private closed = false;
  private readonly options: Required<JournalOptions>;
  health: JournalHealth = 'ok';
  dropped: number;
  /** Lines in the file that were not records (skipped on start). */
  readonly skippedLines: number;
  /** Bytes of a write cut short by a crash, cut off on start. */
  readonly tornBytes: number;

  constructor(private readonly dir: string, options: JournalOptions) {
    this.options = { onDrop: () => {}, onHealth: () => {}, retryMs: DEFAULT_RETRY_MS, ...options };
    try {
      makeDirectory(dir);
      this.lock = lockDirectory(dir);
    } catch (err) {
      throw journalDirError(dir, err);
    }
    try {
      const bytes = existsSync(this.path) ? readFileSync(this.path) : Buffer.alloc(0);
      const r = replay(bytes);
      this.tornBytes = bytes.length - r.wholeLength;
      if (this.tornBytes > 0) truncateSync(this.path, r.wholeLength);
      this.pending = r.pending;
      this.dropped = r.dropped;
      this.skippedLines = r.skipped;
      this.lines = r.lines;
      this.file = new AppendFile(this.path);
    } catch (err) {
      this.lock.release();
      throw journalDirError(dir, err);
    }
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

  get backlog(): number {
    return this.pending.size;
  }

  /** A rewrite (compaction) is under way. */
  get isCompacting(): boolean {
    return this.compacting !== undefined;
  }

  /** A rewrite or a sync is under way. */
  get writing(): boolean {
    return this.compacting !== undefined || this.file.syncing;
  }

  /**
   * Writes the decision now (call it before the bin moves); resolves once it is on disk, or at
   * once when the journal is degraded and it is kept in memory only.
   */
  record(decision: Decision): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the journal is closed'));
    this.pending.set(decision.id, decision);
    const saved = this.write(decisionLine(decision));
    if (!saved) this.unsavedIds.add(decision.id);
    this.enforceBound();
    return saved ? this.file.sync() : Promise.resolve();
  }

  /** The broker acknowledged it: no need to send it again. */
  delivered(id: string): void {
    if (this.closed || !this.pending.delete(id)) return;
    this.unsavedIds.delete(id);
    this.write(ackLine(id));
    // Nothing left undelivered: a full disk can be given back at once (journal-rewrite of nothing).
    if (this.pending.size === 0 && this.health !== 'ok') this.retrySoon(0);
  }

  private enforceBound(): void {
    while (this.pending.size > this.options.maxUndelivered) {
      const [oldest] = this.pending.keys();
      this.pending.delete(oldest);
      this.unsavedIds.delete(oldest);
      this.dropped++;
      this.write(dropLine(oldest, this.dropped));
      this.options.onDrop(`journal full (${this.options.maxUndelivered} undelivered decisions): dropped the oldest, ${oldest}; ${this.dropped} dropped so far — is the broker reachable?`);
    }
  }

  /** Appends a line; false if the disk would not take it (the journal is then degraded). */
  private write(line: string): boolean {
    this.tail?.push(line);
    if (this.health !== 'ok') return false;
    const r = this.file.append(line);
    if (!r.ok) {
      this.degrade(r.code, r.message);
      return false;
    }
    this.lines++;
    this.compactIfNeeded();
    return true;
  }

  private degrade(code: string, message: string): void {
    const health: JournalHealth = code === 'ENOSPC' || code === 'EDQUOT' ? 'disk full' : code === 'EROFS' ? 'read-only' : 'write failing';
    this.setHealth(health, `journal: degraded (${health}: ${message.split('\n')[0]}); sorting goes on, with undelivered decisions kept in memory only (at most ${this.options.maxUndelivered}) until ${this.path} can be written again — a restart before then loses them`);
    this.retrySoon(this.options.retryMs);
  }

  private setHealth(health: JournalHealth, message: string): void {
    if (this.health === health) return;
    this.health = health;
    this.options.onHealth(health, message);
  }

  private retrySoon(ms: number): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.recoverFromDegraded();
    }, ms);
    this.retryTimer.unref();
  }

  private async recoverFromDegraded(): Promise<void> {
    if (this.health === 'ok' || this.closed) return;
    const written = await this.compact();
    // Health may have changed while the rewrite ran.
    if (!written && (this.health as JournalHealth) !== 'ok') this.retrySoon(this.options.retryMs);
  }

  /** The file on disk holds every undelivered decision again. */
  private restored(): void {
    if (this.health === 'ok') return;
    const saved = this.unsavedIds.size;
    this.unsavedIds.clear();
    this.setHealth('ok', `journal: back to normal; ${this.pending.size} undelivered decisions are on disk${saved ? ` (${saved} of them had been in memory only)` : ''}`);
  }

  private compactIfNeeded(): void {
    if (this.compacting || this.lines < COMPACT_SLACK || this.lines < 2 * this.pending.size + COMPACT_SLACK) return;
    void this.compact();
  }

  /**
   * Rewrites the file with the drop count and the undelivered decisions, then renames it over
   * the journal. Resolves true when the journal on disk is whole again.
   */
  private compact(): Promise<boolean> {
    if (this.compacting) return this.compacting;
    const temp = `${this.path}.compact`;
    const snapshot = [...this.pending.values()];
    const tail: string[] = (this.tail = []);
    let next = -1;
    let count = 0;
    const nextLine = () => {
      const line = next < 0 ? countLine(this.dropped) : next < snapshot.length ? decisionLine(snapshot[next]) : tail.shift();
      next++;
      if (line !== undefined) count++;
      return line;
    };
    this.compacting = writeLinesAsync(temp, nextLine)
      .then(() => {
        // From here to the end nothing else runs: no record can fall between the files.
        const rest = tail.splice(0);
        if (rest.length > 0) appendFileSync(temp, rest.join(''));
        renameSync(temp, this.path);
        this.swapFile();
        this.lines = count + rest.length;
        this.restored();
        return true;
      })
      .catch(() => {
        rmSync(temp, { force: true });
        return this.pending.size === 0 && this.health !== 'ok' ? this.emptyInPlace() : false;
      })
      .finally(() => {
        this.tail = undefined;
        this.compacting = undefined;
      });
    return this.compacting;
  }

  /**
   * A full disk with nothing undelivered: the journal holds only what was delivered, so it can
   * be emptied where it is, with no room needed for a copy.
   */
  private emptyInPlace(): boolean {
    try {
      truncateSync(this.path, 0);
      this.swapFile();
      const r = this.file.append(countLine(this.dropped));
      this.lines = r.ok ? 1 : 0;
      if (r.ok) this.restored();
      return r.ok;
    } catch {
      return false;
    }
  }

  private swapFile(): void {
    const old = this.file;
    this.file = new AppendFile(this.path);
    void old.close();
    void this.file.sync().catch(() => {});
  }

  /** Waits for a rewrite and syncs under way; called on stop. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.compacting;
    await this.file.sync().catch(() => {});
    await this.file.close();
    this.lock.release();
  }

  stats(): JournalStats {
    return { health: this.health, undelivered: this.pending.size, dropped: this.dropped, unsaved: this.unsavedIds.size, skippedLines: this.skippedLines };
  }

  /** The file's size now (the compaction bench watches it). */
  get fileBytes(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }
}
