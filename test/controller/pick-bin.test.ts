// Which bin: every rule of pickBin, as a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Classification } from '../../src/classifier/classifier.js';
import { pickBin } from '../../src/controller/pick-bin.js';
import type { Config } from '../../src/config/schema.js';

const sorting: Config['sorting'] = { threshold: 0.6, rejectBin: 'reject', bins: { tops: ['T-shirt/top', 'Shirt'], bottoms: ['Trouser'] } };
const garment = (className: string, confidence: number): Classification => ({ classIndex: 0, className, confidence, probabilities: [] });

test('pickBin: threshold boundary, unmapped classes, a custom reject bin and disagreeing views', () => {
  const cases: [string, Classification, number, number, typeof sorting, string, string, string?][] = [
    ['sure, mapped', garment('Trouser', 0.9), 1, 0, sorting, 'bottoms', 'sorted'],
    ['exactly at the threshold is sure enough', garment('Shirt', 0.6), 1, 0, sorting, 'tops', 'sorted'],
    ['just under the threshold', garment('Shirt', 0.5999), 1, 0, sorting, 'reject', 'rejected', 'low confidence'],
    ['no bin takes the class', garment('Bag', 0.99), 1, 0, sorting, 'reject', 'rejected', 'no bin takes the class'],
    ['a custom reject bin', garment('Bag', 0.99), 1, 0, { ...sorting, rejectBin: 'odd-ones' }, 'odd-ones', 'rejected', 'no bin takes the class'],
    ['views disagree', garment('Trouser', 0.9), 0.25, 0.5, sorting, 'reject', 'rejected', 'views disagree'],
    ['exactly the agreement needed', garment('Trouser', 0.9), 0.5, 0.5, sorting, 'bottoms', 'sorted'],
    ['the agreement rule off', garment('Trouser', 0.9), 0.25, 0, sorting, 'bottoms', 'sorted'],
  ];
  for (const [what, c, agreement, minAgreement, s, bin, action, reason] of cases) {
    const choice = pickBin(c, s, agreement, minAgreement);
    assert.deepEqual([choice.bin, choice.action, choice.reason], [bin, action, reason], what);
  }
});
