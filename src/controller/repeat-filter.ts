// A problem that repeats on every trigger (a camera that is gone, a frame that never decodes)
// is logged once when it starts or changes, then as a reminder once a minute saying how often
// it happened meanwhile: a log a person can still read after a night of it. The counts on the
// state topic and in /metrics still see every occurrence.

export const REMIND_EVERY_MS = 60_000;

export class RepeatFilter {
  private last?: string;
  private loggedAt = 0;
  private quiet = 0;

  constructor(private readonly now: () => number = Date.now, private readonly remindMs = REMIND_EVERY_MS) {}

  /** The line to log now, or undefined to stay quiet. Messages with the same `key` are the same problem. */
  pass(key: string, message: string): string | undefined {
    const t = this.now();
    if (key !== this.last) {
      this.last = key;
      this.loggedAt = t;
      this.quiet = 0;
      return message;
    }
    if (t - this.loggedAt < this.remindMs) {
      this.quiet++;
      return undefined;
    }
    const times = this.quiet + 1;
    this.loggedAt = t;
    this.quiet = 0;
    return `${message} (still happening: ${times} time${times > 1 ? 's' : ''} in the last ${Math.round((this.remindMs) / 1000)} s)`;
  }

  /** The problem is over (a garment went through): the next one is news again. */
  clear(): void {
    this.last = undefined;
  }
}
