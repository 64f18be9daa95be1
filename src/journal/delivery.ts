// Gets journaled decisions to the broker: published at QoS 1 when connected, marked delivered
// on PUBACK, and on every (re)connect the undelivered ones are sent again in order, with their
// original id and timestamp. Sorting never waits for any of it.
import type { Logger } from '../controller/logger.js';
import type { Decision } from '../mqtt/topics.js';
import type { Publisher } from '../mqtt/publisher.js';
import type { Journal } from './journal.js';

/** Backlog sizes worth a log line when crossed. */
const MILESTONES = [1, 100, 1000, 10_000, 100_000];

export class Delivery {
  private readonly inFlight = new Set<string>();
  private loggedMilestone = 0;
  resent = 0;
  /** After a decision is acknowledged and leaves the backlog: the state topic shows the new figure. */
  onDelivered: () => void = () => {};

  constructor(private readonly journal: Journal, private readonly publisher: Publisher, private readonly logger: Logger) {}

  start(): void {
    this.publisher.onConnected(() => this.replay());
    if (this.journal.backlog > 0) this.logger.info(`journal: ${this.journal.backlog} decisions from before were not delivered; sending them once the broker is reachable`);
  }

  /**
   * The decision is journaled; publish it now if the broker is there, else it waits in the journal.
   * A (re)connect while it was being written may already have replayed it and had it
   * acknowledged, since the journal lists a decision before its fsync ends: then it is not sent twice.
   */
  send(decision: Decision): Promise<void> {
    const sent = this.publisher.connected && this.journal.isUndelivered(decision.id) ? this.publishOne(decision) : Promise.resolve();
    this.noteBacklog();
    return sent;
  }

  /** Resolves when the broker acknowledged it, or the attempt failed (it stays in the journal). */
  private publishOne(d: Decision): Promise<void> {
    if (this.inFlight.has(d.id)) return Promise.resolve();
    this.inFlight.add(d.id);
    return this.publisher.publish('decision', d).then(
      () => { this.journal.delivered(d.id); this.noteBacklog(); this.onDelivered(); },
      () => {}, // stays undelivered; the next connect sends it again
    ).finally(() => this.inFlight.delete(d.id));
  }

  /** On stop: gives decisions being journaled or awaiting PUBACK up to `ms` to finish. What does not stays in the journal for next time. */
  async settle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while ((this.inFlight.size > 0 || this.journal.writing) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  }

  /** In journal order; what mqtt.js is already resending from before the drop is skipped. */
  private replay(): void {
    const waiting = this.journal.undelivered().filter((d) => !this.inFlight.has(d.id));
    if (waiting.length === 0) return;
    this.logger.info(`broker reachable: sending ${waiting.length} undelivered decisions, oldest first`);
    this.resent += waiting.length;
    for (const d of waiting) this.publishOne(d);
  }

  /** Said truthfully: a degraded journal keeps what the disk would not take in memory only. */
  private whereKept(): string {
    const unsaved = this.journal.stats().unsaved;
    return unsaved === 0 ? 'kept in the journal' : `${unsaved} of them in memory only: the journal is degraded (${this.journal.health})`;
  }

  private noteBacklog(): void {
    const n = this.journal.backlog;
    const reached = MILESTONES.filter((m) => n >= m).pop() ?? 0;
    if (reached > this.loggedMilestone && reached >= 100) this.logger.warn(`${n} decisions waiting for the broker (${this.whereKept()}; sorting goes on)`);
    if (n === 0 && this.loggedMilestone >= 100) this.logger.info('every waiting decision has been delivered');
    this.loggedMilestone = n === 0 ? 0 : Math.max(this.loggedMilestone, reached);
  }
}
