// Bins by rule: classes, colour groups or both, first match wins; old class lists map as before;
// a rule no garment can reach is refused with the rule that takes its garments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { pickBin } from '../../src/controller/pick-bin.js';
import type { Classification } from '../../src/classifier/classifier.js';
import { binRules, firstMatch, unreachable } from '../../src/sorting/bin-rules.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/sorter-process.js';

const config = (bins: string, pins = 'whites: 17, darks: 27, colours: 22, jeans: 23, tops: 24, shoes: 25, reject: 5') => `
camera: { kind: replay, folder: frames }
trigger: { kind: interval }
sorting: { rejectBin: reject, bins: ${bins} }
gpio: { kind: simulated, pins: { ${pins} } }
`;
const garment = (className: string): Classification => ({ className, confidence: 0.9 } as Classification);

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, 'c.yaml', {});
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    return err.problems;
  }
  return assert.fail('refused');
}

test('first match wins: a colour rule before a class rule takes the garments it names, the rest fall through', () => {
  const c = parseConfig(config('{ jeans: { classes: [Trouser], colours: [dark] }, whites: { colours: [white, light] }, darks: { colours: [dark] }, tops: [T-shirt/top, Shirt, Trouser] }'), 'c.yaml', {});
  assert.equal(pickBin(garment('Trouser'), c.sorting, 1, 0, 'dark').bin, 'jeans');
  assert.equal(pickBin(garment('Trouser'), c.sorting, 1, 0, 'white').bin, 'whites');
  assert.equal(pickBin(garment('Shirt'), c.sorting, 1, 0, 'dark').bin, 'darks');
  assert.equal(pickBin(garment('Shirt'), c.sorting, 1, 0, 'colour').bin, 'tops', 'no colour rule takes it: its class rule does');
  assert.equal(pickBin(garment('Trouser'), c.sorting, 1, 0, 'unknown').bin, 'tops', 'an unknown colour matches no colour rule and goes on');
  const none = pickBin(garment('Bag'), c.sorting, 1, 0, 'colour');
  assert.deepEqual([none.bin, none.action, none.reason], ['reject', 'rejected', 'no bin takes the class']);
});

test('old configs (bin → list of classes) sort exactly as before, whatever the colour', () => {
  const c = parseConfig(config('{ tops: [T-shirt/top, Shirt], shoes: [Sandal, 7] }'), 'c.yaml', {});
  for (const colour of ['white', 'dark', 'mixed', 'unknown'] as const) {
    assert.equal(pickBin(garment('Shirt'), c.sorting, 1, 0, colour).bin, 'tops');
    assert.equal(pickBin(garment('Sneaker'), c.sorting, 1, 0, colour).bin, 'shoes', 'a class index still works');
  }
});

test('a rule no garment can reach is refused, naming the rules that take its garments first', () => {
  const shadowed = problems(config('{ darks: { colours: [dark] }, jeans: { classes: [Trouser], colours: [dark] } }'));
  assert.deepEqual(shadowed, ['c.yaml: sorting.bins.jeans: bin `jeans` can never get a garment: everything its rule takes goes to `darks` first (first match wins: put it earlier, or narrow the earlier rule)']);
  const byTwo = problems(config('{ whites: { colours: [white, light] }, darks: { colours: [dark, colour, mixed] }, tops: { classes: [Shirt], colours: [white, dark] } }'));
  assert.match(byTwo.join('\n'), /bin `tops` can never get a garment: everything its rule takes goes to `whites` or `darks` first/);
  assert.deepEqual(problems(config('{ tops: [Shirt], shoes: [Shirt] }')), ['c.yaml: sorting.bins.shoes: `Shirt` is already sorted into bin `tops`; a class goes to one bin'], 'old lists keep their own message');
  assert.match(problems(config('{ tops: { colours: [beige] } }')).join('\n'), /sorting\.bins\.tops\.colours\.0: .*white.*mixed/);
  assert.match(problems(config('{ tops: {} }')).join('\n'), /a bin rule names classes, colours, or both/);
  assert.match(problems(config('{ tops: 5 }')).join('\n'), /expected a list of classes, or \{classes: \[…\], colours: \[…\]\}, got `5`/);
});

test('partly overlapping rules are fine: only a rule nothing reaches is reported', () => {
  const rules = binRules({ jeans: { classes: ['Trouser'], colours: ['dark'] }, bottoms: ['Trouser'], whites: { colours: ['white'] } });
  assert.deepEqual(unreachable(rules), []);
  assert.equal(firstMatch(rules, 'Trouser', 'white'), 'bottoms');
  assert.equal(firstMatch(rules, 'Coat', 'white'), 'whites');
});

test('the laundry set-up shown in config/default.yaml is a valid config that sorts by load', () => {
  const shipped = readFileSync(join(REPO, 'config', 'default.yaml'), 'utf8');
  const block = /#   bins:\n((?:\s+#\s{5}.*\n)+)/.exec(shipped);
  assert.ok(block, 'config/default.yaml shows a laundry set-up');
  const bins = block[1].split('\n').filter(Boolean).map((l) => l.replace(/^\s+#\s{5}/, '').replace(/\s+#.*$/, ''));
  const names = bins.map((l) => l.split(':')[0]);
  const yaml = `
camera: { kind: replay, folder: frames }
trigger: { kind: interval }
sorting:
  rejectBin: reject
  bins:
${bins.map((l) => `    ${l}`).join('\n')}
gpio: { kind: simulated, pins: { ${names.map((n, i) => `${n}: ${17 + i}`).join(', ')}, reject: 5 } }
`;
  const c = parseConfig(yaml, 'default-laundry.yaml', {});
  assert.equal(pickBin(garment('Trouser'), c.sorting, 1, 0, 'dark').bin, 'dark-jeans');
  assert.equal(pickBin(garment('Shirt'), c.sorting, 1, 0, 'white').bin, 'whites');
  assert.equal(pickBin(garment('Sneaker'), c.sorting, 1, 0, 'white').bin, 'shoes');
  assert.equal(pickBin(garment('Dress'), c.sorting, 1, 0, 'mixed').bin, 'colours');
  assert.equal(pickBin(garment('Dress'), c.sorting, 1, 0, 'unknown').bin, 'reject', 'no colour: no load, so the reject bin');
});
