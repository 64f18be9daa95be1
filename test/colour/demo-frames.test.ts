// The demo shows colour sorting: its bundled frames are garments in laundry colours, and the
// sorter's own preprocessing measures the colour group each frame's name says it was drawn in
// (scripts/make-demo-frames.ts), so the demo's laundry bins fill as a user would expect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLOUR_GROUPS } from '../../src/colour/colour-group.js';
import { preprocessFrame } from '../../src/preprocess/preprocess.js';

const FRAMES = join(process.cwd(), 'demo', 'frames');

test('the demo frames are measured in the colour group their names give, every group shown', async () => {
  const garments = readdirSync(FRAMES).filter((f) => !f.includes('empty'));
  const wrong: string[] = [];
  const shown = new Set<string>();
  for (const file of garments) {
    const drawn = COLOUR_GROUPS.find((g) => file.includes(`-${g}-t`));
    assert.ok(drawn, `${file} names its colour group`);
    const seen = await preprocessFrame(readFileSync(join(FRAMES, file)));
    const got = seen.kind === 'garment' ? seen.colour?.group : 'empty';
    if (got === drawn) shown.add(got);
    else wrong.push(`${file}: ${got}`);
  }
  // All 42 when the frames were made. One miss is allowed because a decoder on another
  // platform may round a borderline pixel differently; two mean the demo no longer shows it.
  assert.ok(wrong.length <= 1, `measured in another group:\n${wrong.join('\n')}`);
  assert.deepEqual([...shown].sort(), [...COLOUR_GROUPS].sort(), 'every colour group appears in the demo');
});
