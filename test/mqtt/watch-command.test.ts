// The watch command the README and the sorter's own start-up line give, run for real: it shows
// decisions and state as text and leaves out the binary snapshot images.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { runSorter } from '../../src/cli/run-command.js';
import { SILENT } from '../../src/controller/logger.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeDevice, sorterConfig } from '../helpers/sorter-process.js';

test('mosquitto_sub as documented (-T …/snapshot/#) prints decisions and state, and no snapshot bytes', async () => {
  const broker = await startMosquitto();
  const sorter = await runSorter(sorterConfig(makeDevice(), broker.url, 'watched', 200), { logger: SILENT, quiet: true });
  // The sorter config's base topic is `test`; the README's is the default, `laundry-sorter`.
  const sub = spawn('mosquitto_sub', ['-h', '127.0.0.1', '-p', String(broker.port), '-t', 'test/#', '-T', 'test/+/snapshot/#', '-v', '-C', '12', '-W', '30']);
  let out = '';
  sub.stdout.on('data', (d: Buffer) => { out += d.toString('latin1'); });
  const code = await new Promise<number | null>((r) => sub.once('exit', (c) => r(c)));
  await sorter.stop();
  assert.equal(code, 0, `mosquitto_sub got 12 messages within 30 s: ${out.slice(0, 300)}`);
  const topics = out.split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
  assert.ok(topics.some((t) => t === 'test/watched/decision'), 'decisions shown');
  assert.ok(topics.every((t) => !t.includes('/snapshot/')), `no snapshot topics: ${[...new Set(topics)].join(', ')}`);
  assert.doesNotMatch(out, /\uFFFD|JFIF|PNG/, 'no image bytes in the terminal');
});
