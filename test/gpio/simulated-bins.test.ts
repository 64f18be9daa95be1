import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EDGE_WINDOW, SimulatedLines } from '../../src/gpio/simulated-lines.js';
import { binsContract } from '../contracts/bins-contract.js';

binsContract('simulated', async () => new SimulatedLines());

test('simulated: a pin cannot be claimed twice, and is free again once released', async () => {
  const lines = new SimulatedLines();
  const line = await lines.output(17, 0);
  await assert.rejects(lines.output(17, 0), /GPIO 17 is already in use/);
  await line.release();
  assert.equal(lines.isClaimed(17), false);
});

test('simulated: a sorter that runs for weeks keeps a bounded window of the latest edges, and counts them all', async () => {
  const lines = new SimulatedLines();
  const line = await lines.output(17, 0);
  const total = 5 * EDGE_WINDOW + 3;
  for (let i = 1; i < total; i++) await line.write((i % 2) as 0 | 1);
  assert.equal(lines.edgeCount, total);
  assert.ok(lines.edges.length <= 2 * EDGE_WINDOW, `kept ${lines.edges.length}`);
  assert.ok(lines.edges.length >= EDGE_WINDOW, 'the latest window is all there');
  assert.equal(lines.edges.at(-1)!.level, (total - 1) % 2, 'the newest edge is last');
});
