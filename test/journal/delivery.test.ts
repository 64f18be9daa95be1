// Delivery against a real Mosquitto: the order of events at a sorter's start, where decisions
// are journaled before the broker connection is up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleLogger } from '../../src/controller/logger.js';
import { Delivery } from '../../src/journal/delivery.js';
import { Journal } from '../../src/journal/journal.js';
import { Publisher } from '../../src/mqtt/publisher.js';
import type { Decision } from '../../src/mqtt/topics.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { tempDir } from '../helpers/temp-dir.js';

const SETTINGS = { url: '', baseTopic: 'test', rejectUnauthorized: true, embeddedPort: 0 };
const decision = (n: number): Decision => ({
  id: `01DELIVERY${String(n).padStart(16, '0')}`, timestamp: new Date().toISOString(), action: 'sorted', class: 1, name: 'Trouser', confidence: 0.9,
  probabilities: Array(10).fill(0.01), bin: 'bottoms', modelId: 'm', timings: { capture: 1, preprocess: 1, infer: 1, actuate: 0, total: 3 },
});

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a decision replayed on connect while its journal write was still finishing is not sent a second time', async (t) => {
  const broker = await startMosquitto();
  const watcher = await watch(broker.url, 'test/d1/decision');
  const journal = new Journal(tempDir(), { maxUndelivered: 100 });
  const publisher = new Publisher(broker.url, 'test/d1', SETTINGS);
  t.after(async () => { await publisher.stop(); await journal.close(); });
  const delivery = new Delivery(journal, publisher, consoleLogger('info', () => {}));
  // The controller calls send() once record() resolves. Here the broker connects, the replay
  // sends the journaled decisions and they are acknowledged, all before that happens.
  const ds = [decision(1), decision(2), decision(3)];
  const written = Promise.all(ds.map((d) => journal.record(d)));
  publisher.start();
  delivery.start();
  await until('the replayed decisions to be acknowledged', () => journal.backlog === 0);
  await written;
  for (const d of ds) delivery.send(d);
  // A later decision still goes out, so the one after it is the first thing the watcher may see next.
  const later = decision(4);
  await journal.record(later);
  delivery.send(later);
  await watcher.next('test/d1/decision', new RegExp(later.id));
  await new Promise((r) => setTimeout(r, 200));
  const ids = watcher.messages.map((m) => (JSON.parse(m.payload) as Decision).id);
  assert.deepEqual(ids, [...ds, later].map((d) => d.id), 'each decision once, in order');
});
