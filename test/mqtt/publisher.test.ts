import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startEmbeddedBroker } from '../../src/mqtt/embedded-broker.js';
import { Publisher } from '../../src/mqtt/publisher.js';
import { topicRoot } from '../../src/mqtt/topic-root.js';
import type { Decision } from '../../src/mqtt/topics.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';

const SETTINGS = { url: '', baseTopic: 'laundry-sorter', rejectUnauthorized: true, embeddedPort: 0 };
const DECISION: Decision = {
  id: '01JT0000000000000000000000', timestamp: new Date(0).toISOString(), action: 'sorted', class: 7, name: 'Sneaker',
  confidence: 0.97, probabilities: [0, 0, 0, 0, 0, 0.01, 0, 0.97, 0, 0.02], bin: 'shoes', modelId: 'm1',
  timings: { capture: 1, preprocess: 3, infer: 1, actuate: 0.1, total: 5.1 },
};

async function connected(p: Publisher): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!p.connected) {
    if (Date.now() > deadline) throw new Error('publisher did not connect');
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a decision arrives under <base>/<device>/decision, and status is a retained online', async () => {
  const broker = await startMosquitto();
  const root = topicRoot('laundry-sorter', 'sorter-1');
  const watcher = await watch(broker.url, 'laundry-sorter/#');
  const p = new Publisher(broker.url, root, SETTINGS);
  p.start();
  await connected(p);
  await p.publish('decision', DECISION);
  const got = await watcher.next('laundry-sorter/sorter-1/decision');
  assert.deepEqual(JSON.parse(got.payload), DECISION);
  await watcher.next('laundry-sorter/sorter-1/status', 'online');
  // A dashboard that connects later still sees the status: it is retained.
  const late = await watch(broker.url, 'laundry-sorter/sorter-1/status');
  const status = await late.next('laundry-sorter/sorter-1/status', 'online');
  assert.equal(status.retain, true);
  await p.stop();
  await late.next('laundry-sorter/sorter-1/status', 'offline');
});

test('a sorter process killed with -9 is announced offline by the broker (last will)', async () => {
  const broker = await startMosquitto();
  const watcher = await watch(broker.url, 'laundry-sorter/killed/status');
  const child = spawn(process.execPath, [fileURLToPath(new URL('../helpers/publisher-child.js', import.meta.url)), broker.url, 'laundry-sorter/killed']);
  await new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => { if (d.toString().includes('connected')) resolve(); }));
  await watcher.next('laundry-sorter/killed/status', 'online');
  child.kill('SIGKILL');
  // Mosquitto notices the dead TCP connection at once and publishes the will.
  await watcher.next('laundry-sorter/killed/status', 'offline', 5000);
});

test('wildcards are refused in topics and in the topic root', () => {
  const p = new Publisher('mqtt://127.0.0.1:1', 'a/b', SETTINGS);
  assert.throws(() => p.topic('cmd/+'), /wildcard/);
  assert.throws(() => topicRoot('laundry/#', 'x'), /may not contain \+ or #/);
});

test('refused credentials: a clear error, retried with growing backoff, password never shown', async () => {
  const broker = await startMosquitto({ user: { name: 'sorter', password: 'right-one' } });
  const errors: string[] = [];
  const delays: number[] = [];
  const p = new Publisher(broker.url, 'laundry-sorter/locked', { ...SETTINGS, username: 'sorter', password: 'wrong-secret' }, {
    onError: (m) => { errors.push(m); delays.push(p.retryDelayMs); },
  });
  p.start();
  for (const deadline = Date.now() + 30_000; errors.length < 3; await new Promise((r) => setTimeout(r, 50))) {
    if (Date.now() > deadline) assert.fail(`only ${errors.length} attempts in 30 s: it should keep retrying`);
  }
  await p.stop();
  assert.match(errors[0], /^broker mqtt:\/\/127\.0\.0\.1:\d+ refused the credentials \(not authorized\); retrying with backoff/);
  // The wait before each next attempt, as planned (not as measured, which a loaded machine stretches).
  assert.ok(delays[1] >= 2 * delays[0] && delays[2] >= 2 * delays[1], `waits of ${delays.join(', ')} ms: not backing off`);
  assert.doesNotMatch(errors.join('\n'), /wrong-secret/);
});

test('after a broker restart the publisher reconnects and announces online again', async () => {
  const broker = await startMosquitto();
  const p = new Publisher(broker.url, 'laundry-sorter/restart', SETTINGS);
  p.start();
  await connected(p);
  await broker.stop();
  await broker.start();
  const watcher = await watch(broker.url, 'laundry-sorter/restart/status');
  await watcher.next('laundry-sorter/restart/status', 'online', 8000);
  await p.publish('decision', DECISION);
  await p.stop();
});

test('the embedded broker (the demo) carries decisions to any client', async () => {
  const broker = await startEmbeddedBroker(0);
  try {
    const watcher = await watch(broker.url, 'laundry-sorter/demo/#');
    const p = new Publisher(broker.url, 'laundry-sorter/demo', SETTINGS);
    p.start();
    await connected(p);
    await p.publish('decision', DECISION);
    assert.equal(JSON.parse((await watcher.next('laundry-sorter/demo/decision')).payload).id, DECISION.id);
    await p.stop();
    await watcher.close();
  } finally {
    await broker.close();
  }
});
