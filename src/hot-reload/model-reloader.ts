// Keeps the running sorter on whatever model `current` points to. It notices a change three
// ways (a file watch on the pointer, a poll in case the watch misses it, and an explicit
// reload() from SIGHUP or the MQTT command), loads and warms the new model beside the old one,
// and swaps it in between two garments. A model that fails to load is reported and the old
// one keeps sorting.
import { watch, type FSWatcher } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Classifier } from '../classifier/classifier.js';
import type { Logger } from '../controller/logger.js';
import { writeServingStatus } from './serving-status.js';
import type { ServingStatus } from '../model/model-pointer.js';

export interface ReloadTarget {
  readonly classifier: Classifier;
  swapClassifier(next: Classifier): Promise<Classifier>;
  reportError(message: string, kind: 'model'): void;
}

export type ReloadOutcome =
  | { kind: 'unchanged'; modelId: string }
  | { kind: 'loaded'; modelId: string; previous: string; loadMs: number }
  | { kind: 'failed'; message: string };

/** A missed file-system event is caught by this poll; it only reads one symlink. */
export const POLL_MS = 2000;

export class ModelReloader {
  private watcher?: FSWatcher;
  private poller?: NodeJS.Timeout;
  private servingDir = '';
  /** The last directory that failed to load: the poll leaves it alone, an explicit reload retries it. */
  private refusedDir = '';
  private running: Promise<ReloadOutcome> | undefined;
  private again = false;
  private status: ServingStatus;

  constructor(
    private readonly pointer: string,
    private readonly target: ReloadTarget,
    private readonly load: (dir: string) => Promise<Classifier>,
    private readonly logger: Logger,
    topicRoot: string,
  ) {
    this.status = { modelId: target.classifier.modelId, dir: '', pid: process.pid, topicRoot, since: new Date().toISOString(), failed: null };
  }

  async start(): Promise<void> {
    this.servingDir = await realpath(this.pointer);
    this.status.dir = this.servingDir;
    this.saveStatus();
    const name = basename(this.pointer);
    try {
      // Watch the directory, not the link: a push renames a new link over it, which a watch
      // on the old link would never see.
      this.watcher = watch(dirname(this.pointer), (_event, file) => { if (file === name) this.changed('the model pointer changed'); });
      this.watcher.on('error', () => {});
    } catch (err) {
      this.logger.warn(`cannot watch ${dirname(this.pointer)} (${(err as Error).message}); polling every ${POLL_MS / 1000} s instead`);
    }
    this.poller = setInterval(() => this.changed('the model pointer changed'), POLL_MS);
    this.poller.unref();
  }

  stop(): void {
    this.watcher?.close();
    clearInterval(this.poller);
  }

  private changed(reason: string): void {
    realpath(this.pointer).then((dir) => { if (dir !== this.servingDir && dir !== this.refusedDir) void this.reload(reason); }, () => {});
  }

  /** Loads whatever `current` points to now, unless it is already serving. One reload at a time. */
  reload(reason: string): Promise<ReloadOutcome> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.reloadOnce(reason).finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.reload(reason);
      }
    });
    return this.running;
  }

  private async reloadOnce(reason: string): Promise<ReloadOutcome> {
    let dir: string;
    try {
      dir = await realpath(this.pointer);
    } catch (err) {
      return this.fail(this.pointer, `${this.pointer} does not resolve to a model directory (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (dir === this.servingDir) {
      this.logger.info(`${reason}: already serving ${this.target.classifier.modelId}`);
      return { kind: 'unchanged', modelId: this.target.classifier.modelId };
    }
    this.logger.info(`${reason}: loading ${dir}`);
    const started = performance.now();
    let next: Classifier;
    try {
      next = await this.load(dir);
    } catch (err) {
      return this.fail(dir, (err as Error).message.split('\n')[0]);
    }
    const loadMs = performance.now() - started;
    const old = await this.target.swapClassifier(next);
    old.dispose();
    this.servingDir = dir;
    this.refusedDir = '';
    this.status = { ...this.status, modelId: next.modelId, dir, since: new Date().toISOString(), failed: null };
    this.saveStatus();
    return { kind: 'loaded', modelId: next.modelId, previous: old.modelId, loadMs };
  }

  private fail(dir: string, message: string): ReloadOutcome {
    const line = `new model not loaded, still sorting with ${this.target.classifier.modelId}: ${message}`;
    this.target.reportError(line, 'model');
    this.refusedDir = dir;
    this.status = { ...this.status, failed: { dir, message, at: new Date().toISOString() } };
    this.saveStatus();
    return { kind: 'failed', message: line };
  }

  private saveStatus(): void {
    writeServingStatus(dirname(this.pointer), this.status, this.logger);
  }
}
