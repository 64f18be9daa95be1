import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classSchema, parseClass } from '../../src/dataset/class-value.js';
import { classIndex } from '../../src/labels/label-store.js';

test('a class is its name in any case, or its index as a number or digits; nothing else', () => {
  assert.deepEqual(['Coat', 'coat', ' COAT ', 4, '4'].map(parseClass), [4, 4, 4, 4, 4]);
  assert.deepEqual(['Coats', '', 10, -1, 1.5, '4.0', null, {}].map(parseClass), Array(8).fill(undefined));
  assert.equal(classSchema.parse('ankle boot'), 'Ankle boot');
  assert.equal(classSchema.parse(9), 'Ankle boot');
  assert.match(classSchema.safeParse('Shrit').error!.issues[0].message, /expected one of T-shirt\/top, .*Ankle boot \(any case\), or an index 0–9, got `Shrit` \(string\)/);
  // The CLI's `label ID 4` and `capture --label 4` go through classIndex.
  assert.equal(classIndex('4'), 4);
  assert.throws(() => classIndex('Shrit'), /unknown class "Shrit"; use one of T-shirt\/top, /);
});
