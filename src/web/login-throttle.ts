// Slows password guessing on the live page: after a few wrong passwords from one address,
// that address must wait before it may try again, the wait doubling with every further miss
// (up to a minute). A right password during the wait is refused too, or guessing would go on.
// The table is bounded: the oldest address is forgotten first.

/** Wrong passwords allowed before the first wait. */
export const FREE_TRIES = 5;
const FIRST_WAIT_MS = 1000;
const LONGEST_WAIT_MS = 60_000;
/** Addresses remembered at once. */
export const MAX_ADDRESSES = 1000;

interface Record { misses: number; until: number }

export class LoginThrottle {
  private readonly byAddress = new Map<string, Record>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds this address must still wait before trying, 0 when it may try now. */
  waitFor(address: string): number {
    const r = this.byAddress.get(address);
    return r ? Math.max(0, r.until - this.now()) : 0;
  }

  failed(address: string): void {
    const r = this.byAddress.get(address) ?? { misses: 0, until: 0 };
    r.misses++;
    if (r.misses > FREE_TRIES) r.until = this.now() + Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (r.misses - FREE_TRIES - 1));
    this.byAddress.delete(address); // re-inserted last: the map's order is oldest-first
    this.byAddress.set(address, r);
    if (this.byAddress.size > MAX_ADDRESSES) this.byAddress.delete(this.byAddress.keys().next().value!);
  }

  succeeded(address: string): void {
    this.byAddress.delete(address);
  }

  get size(): number {
    return this.byAddress.size;
  }
}
