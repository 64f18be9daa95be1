import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nthSmallest } from '../../src/preprocess/nth-smallest.js';
import { Random } from '../../src/training/random.js';

test('nthSmallest agrees with sorting, for every k, on random, repeated, sorted, reversed and constant values', () => {
  const rng = new Random(3);
  const shapes: Record<string, (n: number) => number[]> = {
    random: (n) => Array.from({ length: n }, () => rng.next() * 400),
    repeated: (n) => Array.from({ length: n }, () => rng.int(0, 4)),
    sorted: (n) => Array.from({ length: n }, (_, i) => i),
    reversed: (n) => Array.from({ length: n }, (_, i) => n - i),
    constant: (n) => Array(n).fill(7),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    for (const n of [1, 2, 3, 10, 101]) {
      const values = make(n);
      const sorted = [...values].sort((a, b) => a - b);
      for (let k = 0; k < n; k++) assert.equal(nthSmallest(Float64Array.from(values), k), sorted[k], `${shape}, n ${n}, k ${k}`);
    }
  }
});

test('nthSmallest refuses an index outside the values', () => {
  assert.throws(() => nthSmallest(new Float32Array(3), 3), /index 3 outside 0–2/);
  assert.throws(() => nthSmallest(new Float32Array(0), 0), RangeError);
});
