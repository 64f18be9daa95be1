import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimulatedLines } from '../../src/gpio/simulated-lines.js';
import { binsContract } from '../contracts/bins-contract.js';

binsContract('simulated', async () => new SimulatedLines());

test('simulated: a pin cannot be claimed twice, and is free again once released', async () => {
  const lines = new SimulatedLines();
  const line = await lines.output(17, 0);
  await assert.rejects(lines.output(17, 0), /GPIO 17 is already in use/);
  await line.release();
  assert.equal(lines.isClaimed(17), false);
});
