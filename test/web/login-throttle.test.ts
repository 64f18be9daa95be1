import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FREE_TRIES, LoginThrottle, MAX_ADDRESSES } from '../../src/web/login-throttle.js';

test('a few wrong passwords are free; then each miss doubles the wait, up to a minute; a success forgives', () => {
  let now = 0;
  const t = new LoginThrottle(() => now);
  for (let i = 0; i < FREE_TRIES; i++) { assert.equal(t.waitFor('a'), 0); t.failed('a'); }
  assert.equal(t.waitFor('a'), 0, 'the free tries cost nothing');
  const waits: number[] = [];
  for (let i = 0; i < 9; i++) { t.failed('a'); waits.push(t.waitFor('a')); now += waits.at(-1)!; }
  assert.deepEqual(waits, [1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
  assert.equal(t.waitFor('b'), 0, 'other addresses are not held up');
  t.succeeded('a');
  assert.equal(t.waitFor('a'), 0);
});

test('2,000 guesses from one address take hours instead of a second', () => {
  let now = 0;
  const t = new LoginThrottle(() => now);
  for (let i = 0; i < 2000; i++) { now += t.waitFor('a'); t.failed('a'); }
  assert.ok(now > 24 * 3600 * 1000, `${(now / 3600_000).toFixed(1)} hours`);
});

test('the table of addresses is bounded', () => {
  const t = new LoginThrottle(() => 0);
  for (let i = 0; i < MAX_ADDRESSES + 500; i++) t.failed(`10.0.${i >> 8}.${i & 255}`);
  assert.equal(t.size, MAX_ADDRESSES);
});
