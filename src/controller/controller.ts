// The sorter's lifecycle. The constructor only stores its parts; start() takes the hardware,
// stop() gives it back in reverse order. Triggers queue sort cycles, which run one at a time,
// so one garment gives one decision and actuations happen in order. Sorting never waits for
// the broker: decisions are published in the background.
import type { Camera } from '../camera/camera.js';
import type { Classifier } from '../classifier/classifier.js';
import type { Config } from '../config/schema.js';
import type { Bins } from '../gpio/bins.js';
import type { Publisher } from '../mqtt/publisher.js';
import type { Action, Decision, SorterState } from '../mqtt/topics.js';
import type { PreprocessOptions } from '../preprocess/preprocess.js';
import type { Trigger } from '../trigger/trigger.js';
import type { Logger } from './logger.js';
import type { Snapshots } from './snapshots.js';
import { sortOnce, type PoseRule } from './sort-cycle.js';
import { seenOf, type Seen } from './seen.js';
import type { Delivery } from '../journal/delivery.js';
import { RepeatFilter } from './repeat-filter.js';
import type { Journal } from '../journal/journal.js';

export interface ControllerParts {
  camera: Camera;
  classifier: Classifier;
  bins: Bins;
  publisher: Publisher;
  trigger: Trigger;
  snapshots: Snapshots;
  sorting: Config['sorting'];
  preprocess: PreprocessOptions;
  /** How views combine and how much they must agree; default: DEFAULT_POSE_RULE. */
  pose?: PoseRule;
  backend: string;
  logger: Logger;
  onDecision?: (d: Decision) => void;
  /** Journal and delivery: without them (benchmarks, unit tests) decisions are published directly. */
  journal?: Journal;
  delivery?: Delivery;
  /** Anyone else who wants each decision with what the camera saw (web page, snapshot topics, metrics). */
  observers?: DecisionObserver[];
  /** Wall clock for the log's reminders (tests pass their own). */
  now?: () => number;
}

export type DecisionObserver = (d: Decision, seen: Seen) => void;
export type ErrorKind = 'camera' | 'cycle' | 'model' | 'other';

/** The state topic is retained; at 100 garments/s it still updates at most this often. */
export const STATE_INTERVAL_MS = 250;
/** How long a decision may be on its first way to the broker before it counts as backlog. */
const ON_THE_WAY_MS = 1000;
/** Firings queued beyond this are refused (and logged): the tray cannot hold more garments. */
export const MAX_QUEUED = 100;

export class Controller {
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** The cycle running now, if any. */
  private inFlight: Promise<unknown> = Promise.resolve();
  private running = false;
  private readonly startedAt = Date.now();
  private lastError: string | null = null;
  private readonly counts = { bins: {} as Record<string, number>, classes: {} as Record<string, number>, colours: {} as Record<string, number>, actions: { sorted: 0, rejected: 0, empty: 0 } as Record<Action, number> };
  private stateTimer?: NodeJS.Timeout;
  private paused = false;
  /** Decision id → when it started on its way to the broker; see backlog(). */
  private readonly onTheWay = new Map<string, number>();
  private cycleStartedAt: number | undefined;
  /** The last garment's decision, for label-last. */
  lastDecision: Decision | undefined;
  readonly errorCounts: Record<ErrorKind, number> = { camera: 0, cycle: 0, model: 0, other: 0 };
  private stateDirty = false;
  /** The publisher was started (a start-up that failed earlier has no state to say goodbye with). */
  private publishing = false;
  private readonly repeats: RepeatFilter;

  constructor(private readonly parts: ControllerParts) {
    this.repeats = new RepeatFilter(parts.now);
  }

  async start(): Promise<void> {
    const { bins, camera, publisher, trigger, logger } = this.parts;
    await bins.start();
    logger.info(`bins ready on ${bins.backend}: ${Object.keys(this.parts.sorting.bins).join(', ')} and ${this.parts.sorting.rejectBin}`);
    camera.onHealthChange = (health, problem) => {
      if (health === 'lost') this.recordError(`camera lost: ${problem ?? 'unknown'}`, 'camera');
      else logger.info(`camera ${camera.name} ok`);
      this.publishStateSoon();
    };
    await camera.start();
    publisher.start();
    this.publishing = true;
    this.running = true;
    await trigger.start((reason) => { void this.fire(reason); });
    logger.info(`sorting with ${this.parts.classifier.modelId} on ${this.parts.backend}; trigger: ${trigger.name}; camera: ${camera.name}`);
    this.publishStateSoon();
  }

  get classifier(): Classifier {
    return this.parts.classifier;
  }

  /**
   * Puts `next` in service between two garments. Each cycle takes the classifier once, when it
   * starts, so the garment being sorted now finishes with the old model and every garment
   * after it uses the new one: no decision mixes models and none waits or is dropped. Resolves
   * with the old model once that last garment is done, so the caller may dispose of it.
   */
  async swapClassifier(next: Classifier): Promise<Classifier> {
    const old = this.parts.classifier;
    this.parts.classifier = next;
    this.parts.logger.info(`now sorting with ${next.modelId} (was ${old.modelId})`);
    this.publishStateSoon();
    await this.inFlight;
    return old;
  }

  /** Records a problem the sorter survived: in the log and as lastError on the state topic. */
  reportError(message: string, kind: ErrorKind = 'other'): void {
    this.recordError(message, kind);
    this.publishStateSoon();
  }

  /** Something the state topic shows changed outside a garment's cycle (the journal's health). */
  refreshState(): void {
    this.publishStateSoon();
  }

  /** While paused, triggers take no pictures and the bins stay shut; the rest keeps running. */
  setPaused(paused: boolean): void {
    if (this.paused !== paused) this.parts.logger.info(paused ? 'paused: triggers are ignored until resume' : 'resumed');
    this.paused = paused;
    this.publishStateSoon();
  }

  setThreshold(threshold: number): void {
    this.parts.sorting = { ...this.parts.sorting, threshold };
    this.parts.logger.info(`reject threshold is now ${threshold}`);
    this.publishStateSoon();
  }

  /** Queues one sort cycle; resolves with its decision, or undefined if it could not run. */
  fire(reason: string): Promise<Decision | undefined> {
    if (!this.running) return Promise.resolve(undefined);
    if (this.paused) {
      this.parts.logger.debug(`paused: ignoring a ${reason} trigger`);
      return Promise.resolve(undefined);
    }
    if (this.queued >= MAX_QUEUED) {
      this.recordError(`${MAX_QUEUED} garments already waiting; ignoring a ${reason} trigger`);
      return Promise.resolve(undefined);
    }
    this.queued++;
    const run = this.queue.then(() => (this.inFlight = this.cycle(reason))).finally(() => { this.queued--; });
    this.queue = run;
    return run;
  }

  /** Alive and not stuck: no garment has been in progress for longer than `stuckMs`. */
  healthy(stuckMs = 20_000): boolean {
    return this.running && (this.cycleStartedAt === undefined || performance.now() - this.cycleStartedAt < stuckMs);
  }

  private async cycle(reason: string): Promise<Decision | undefined> {
    // Each garment starts on a fresh turn of the event loop. A camera frame's decode, the
    // segmentation and inference are synchronous, so a queue of garments would otherwise hold
    // off MQTT, commands and timers until it was empty. Before the frame is taken, so it costs
    // the frame-to-bin latency nothing.
    await new Promise((resolve) => setImmediate(resolve));
    if (!this.running) return undefined;
    this.cycleStartedAt = performance.now();
    try {
      return await this.sortOne(reason);
    } finally {
      this.cycleStartedAt = undefined;
    }
  }

  private async sortOne(reason: string): Promise<Decision | undefined> {
    const p = this.parts;
    try {
      let recorded: Promise<void> | undefined;
      const { decision, frame, pixels } = await sortOnce({
        camera: p.camera, classifier: p.classifier, bins: p.bins, sorting: p.sorting, preprocess: p.preprocess, pose: p.pose,
        beforeActuate: (d) => { recorded = this.record(d); },
      });
      this.count(decision);
      if (decision.action !== 'empty') this.lastDecision = decision;
      this.repeats.clear();
      this.report(decision, recorded ?? this.record(decision));
      const seen = seenOf(frame.bytes, pixels);
      p.snapshots.save(decision.id, seen, (m) => this.recordError(m));
      for (const observe of p.observers ?? []) observe(decision, seen);
      p.logger.debug(`${reason}: ${decision.action} ${decision.name ?? ''} → ${decision.bin ?? '-'} in ${decision.timings.total} ms`);
      p.onDecision?.(decision);
      this.publishStateSoon();
      return decision;
    } catch (err) {
      const why = (err as Error).message.split('\n')[0];
      this.recordError(`${reason}: no decision: ${why}`, /camera/i.test(why) ? 'camera' : 'cycle', why);
      this.publishStateSoon();
      return undefined;
    }
  }

  /** Into the journal (written at once, synced in the background); undefined without one. */
  private record(decision: Decision): Promise<void> | undefined {
    // On its way from here: the bin moves, then the journal syncs and the broker acknowledges.
    if (this.parts.journal && this.parts.delivery) this.onTheWay.set(decision.id, Date.now());
    return this.parts.journal?.record(decision);
  }

  /** To the broker once the journal has the decision on disk; never awaited by sorting. */
  private report(decision: Decision, recorded: Promise<void> | undefined): void {
    const p = this.parts;
    if (!recorded || !p.delivery) {
      p.publisher.publish('decision', decision).catch((err: Error) => this.recordError(`decision ${decision.id} not published: ${err.message}`));
      return;
    }
    const delivery = p.delivery;
    recorded.then(
      () => delivery.send(decision),
      (err: Error) => {
        this.recordError(`journal sync failed (${err.message}); publishing ${decision.id} anyway`, 'other');
        return delivery.send(decision);
      },
    ).finally(() => this.onTheWay.delete(decision.id));
  }

  /**
   * Undelivered decisions, less those on their first way to the broker for under a second
   * (being synced, or awaiting the PUBACK): a garment just sorted is not a backlog, and the
   * state topic, /metrics and the page then agree on what is waiting.
   */
  private backlog(): number {
    const journal = this.parts.journal;
    if (!journal) return 0;
    const recent = Date.now() - ON_THE_WAY_MS;
    let fresh = 0;
    for (const [id, at] of this.onTheWay) {
      if (at >= recent) fresh++;
      else if (at < recent - 60_000) this.onTheWay.delete(id); // an attempt that never settled: forget it
    }
    return Math.max(0, journal.backlog - fresh);
  }

  private count(d: Decision): void {
    this.counts.actions[d.action]++;
    if (d.bin) this.counts.bins[d.bin] = (this.counts.bins[d.bin] ?? 0) + 1;
    if (d.name) this.counts.classes[d.name] = (this.counts.classes[d.name] ?? 0) + 1;
    if (d.colour) this.counts.colours[d.colour.group] = (this.counts.colours[d.colour.group] ?? 0) + 1;
  }

  /** Counted and shown every time; logged once per change (`key`: what makes it the same problem), with a reminder a minute. */
  private recordError(message: string, kind: ErrorKind = 'other', key = message): void {
    this.errorCounts[kind]++;
    this.lastError = message;
    const line = this.repeats.pass(`${kind}:${key}`, message);
    if (line) this.parts.logger.warn(line);
  }

  state(): SorterState {
    return {
      modelId: this.parts.classifier.modelId,
      backend: this.parts.backend,
      uptimeSeconds: Math.round((Date.now() - this.startedAt) / 1000),
      counts: structuredClone(this.counts),
      camera: this.parts.camera.health,
      broker: { connected: this.parts.publisher.connected, reconnects: this.parts.publisher.reconnects },
      backlog: this.backlog(),
      dropped: this.parts.journal?.dropped ?? 0,
      journal: this.parts.journal ? { health: this.parts.journal.health, unsaved: this.parts.journal.stats().unsaved } : { health: 'ok', unsaved: 0 },
      paused: this.paused,
      threshold: this.parts.sorting.threshold,
      lastError: this.lastError,
    };
  }

  private publishStateSoon(): void {
    this.stateDirty = true;
    if (this.stateTimer) return;
    const flush = () => {
      this.stateTimer = undefined;
      if (!this.stateDirty) return;
      this.stateDirty = false;
      this.parts.publisher.publish('state', this.state()).catch(() => {});
      this.stateTimer = setTimeout(flush, STATE_INTERVAL_MS);
    };
    flush();
  }

  /**
   * Finishes the garment in progress (or gives up on it after `finishMs`: its bin output is
   * reset below either way), skips garments still queued, then releases everything in reverse
   * order. Well inside systemd's stop timeout: SIGTERM to exit takes under 2 s.
   */
  async stop(finishMs = 1000): Promise<void> {
    const p = this.parts;
    await p.trigger.stop();
    this.running = false;
    await Promise.race([this.inFlight.catch(() => {}), new Promise((r) => setTimeout(r, finishMs))]);
    clearTimeout(this.stateTimer);
    for (const [what, step] of [
      ['bins', () => p.bins.stop()],
      ['camera', () => p.camera.stop()],
      ['snapshots', () => p.snapshots.flush()],
      // The last garments' journal writes and PUBACKs; whatever misses this stays in the journal.
      ['deliveries', async () => { await p.delivery?.settle(500); }],
      ['state', () => this.publishing && Promise.race([p.publisher.publish('state', this.state()), new Promise((r) => setTimeout(r, 300))])],
      ['broker', () => this.publishing && p.publisher.stop()],
      // Last, so acknowledgements that arrive while stopping are still recorded.
      ['journal', async () => { await p.journal?.close(); }],
    ] as const) {
      try {
        await step();
      } catch (err) {
        p.logger.error(`stopping ${what}: ${(err as Error).message}`);
      }
    }
  }
}
