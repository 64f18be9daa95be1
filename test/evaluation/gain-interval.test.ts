// The held-out gain's range over garments: what a user reads to tell a real improvement from
// the luck of which garments were held out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGain, gainInterval } from '../../src/evaluation/gain-interval.js';

/** `garments` garments of two photos each; the new model fixes `fixed` of them, the old gets `oldRight` right. */
function photos(garments: number, oldRight: number, fixed: number) {
  const labels: number[] = [];
  const before: number[] = [];
  const after: number[] = [];
  const ids: string[] = [];
  for (let g = 0; g < garments; g++) {
    for (let shot = 0; shot < 2; shot++) {
      labels.push(g % 10);
      const wasRight = g < oldRight;
      before.push(wasRight ? g % 10 : (g + 1) % 10);
      after.push(wasRight || g < oldRight + fixed ? g % 10 : (g + 1) % 10);
      ids.push(`g${g}`);
    }
  }
  return { labels, before, after, ids };
}

test('a model that changes nothing gains 0, with no range either way', () => {
  const p = photos(100, 80, 0);
  assert.deepEqual(gainInterval(p.labels, p.before, p.before, p.ids), { gain: 0, low: 0, high: 0 });
});

test('a large gain on many garments has a range that excludes 0 and contains the gain', () => {
  const p = photos(300, 240, 30); // 80% → 90%
  const g = gainInterval(p.labels, p.before, p.after, p.ids);
  assert.ok(Math.abs(g.gain - 0.1) < 1e-9);
  assert.ok(g.low > 0.05 && g.low < 0.1 && g.high > 0.1 && g.high < 0.15, `range ${g.low}–${g.high}`);
  assert.match(formatGain(g), /^\+10\.0 points \(95%: \+\d\.\d to \+1\d\.\d\)$/);
});

test('the same gain on few garments is far less sure, and two photos of one garment count once', () => {
  const many = photos(300, 240, 30);
  const few = photos(30, 24, 3);
  const width = (p: ReturnType<typeof photos>) => { const g = gainInterval(p.labels, p.before, p.after, p.ids); return g.high - g.low; };
  assert.ok(width(few) > 2.5 * width(many), `few ${width(few)} vs many ${width(many)}`);
  // Treating each photo as its own garment doubles the evidence and narrows the range: wrong.
  const asPhotos = { ...few, ids: few.ids.map((_, i) => `photo${i}`) };
  assert.ok(width(few) > 1.2 * width(asPhotos), `by garment ${width(few)} vs by photo ${width(asPhotos)}`);
});

test('a worse model gets a negative gain, and the same inputs give the same range', () => {
  const p = photos(200, 180, 0);
  const worse = p.before.map((v, i) => (i < 40 ? (v + 1) % 10 : v));
  const a = gainInterval(p.labels, p.before, worse, p.ids);
  assert.ok(a.gain < 0 && a.high < 0);
  assert.deepEqual(gainInterval(p.labels, p.before, worse, p.ids), a);
});
