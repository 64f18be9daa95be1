import { test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import sharp from 'sharp';
import { runSorter } from '../../src/cli/run-command.js';
import { SILENT } from '../../src/controller/logger.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeDevice, sorterConfig } from '../helpers/sorter-process.js';

test('the last frame (JPEG) and 28×28 (PNG) are retained on <root>/snapshot/frame and /input', async () => {
  const broker = await startMosquitto();
  const sorter = await runSorter(sorterConfig(makeDevice(), broker.url, 'snap', 100), { logger: SILENT, quiet: true });
  await new Promise((r) => setTimeout(r, 1500));
  await sorter.stop();
  // A dashboard that connects afterwards still gets both.
  const client = mqtt.connect(broker.url);
  const got = new Map<string, { payload: Buffer; retain: boolean }>();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only got ${[...got.keys()]}`)), 5000);
    client.on('message', (topic, payload, packet) => {
      if (payload.length > 0) got.set(topic, { payload, retain: packet.retain });
      if (got.has('test/snap/snapshot/frame') && got.has('test/snap/snapshot/input')) { clearTimeout(timer); resolve(); }
    });
    client.on('connect', () => client.subscribe('test/snap/snapshot/#', { qos: 0 }));
  });
  client.end(true);
  const frame = got.get('test/snap/snapshot/frame')!;
  const input = got.get('test/snap/snapshot/input')!;
  assert.ok(frame.retain && input.retain);
  assert.deepEqual({ ...(await sharp(frame.payload).metadata()) }.format, 'jpeg');
  const meta = await sharp(input.payload).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height], ['png', 28, 28]);
});
