// Decision ids: 26 characters of Crockford base32, the first 10 the millisecond time and the
// rest a counter-seeded random part, so sorting ids sorts decisions by time (a ULID). Within
// one millisecond the random part is incremented, keeping ids unique and ordered.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

export function decisionId(now = Date.now()): string {
  if (now <= lastTime) {
    // Same (or an earlier, after a clock step) millisecond: keep the time, count up.
    for (let i = lastRandom.length - 1; i >= 0; i--) {
      if (++lastRandom[i] < 32) break;
      lastRandom[i] = 0;
    }
    now = lastTime;
  } else {
    lastTime = now;
    lastRandom = Array.from(randomBytes(16), (b) => b % 32);
  }
  return encodeTime(now) + lastRandom.map((d) => ALPHABET[d]).join('');
}
