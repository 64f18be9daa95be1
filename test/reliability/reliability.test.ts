// No decision lost: broker outages, a controller killed with -9, and a flood of bad commands,
// against real Mosquitto processes and a real sorter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { runSorter } from '../../src/cli/run-command.js';
import { SILENT } from '../../src/controller/logger.js';
import type { Decision } from '../../src/mqtt/topics.js';
import { CLI } from '../helpers/cli.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { brokerOutage, journaled } from '../helpers/outage-scenario.js';
import { makeDevice, sorterConfig } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('broker outage: sorting goes on, and afterwards every decision arrives (duplicates rare)', async () => {
  const f = await brokerOutage(3);
  process.stderr.write(`# outage ${f.outageSeconds} s: ${f.made} decisions made (${f.madeDuringOutage} during the outage), ${f.delivered} delivered, ${f.lost} lost, ${f.duplicates} duplicates, caught up in ${f.catchUpSeconds.toFixed(1)} s\n`);
  assert.ok(f.madeDuringOutage >= 20, `garments kept being sorted while the broker was away (${f.madeDuringOutage})`);
  assert.equal(f.lost, 0);
  assert.equal(f.delivered, f.made);
  assert.ok(f.duplicates <= Math.max(5, f.made * 0.05), `duplicates are rare: ${f.duplicates} of ${f.made}`);
});

test('controller killed with -9: on restart its undelivered decisions arrive, with their original ids and timestamps', async () => {
  const broker = await startMosquitto({ persistent: true });
  const journalDir = tempDir('kill-journal-');
  const config = sorterConfig(makeDevice(), broker.url, 'crash', 50, undefined, `journal: { dir: ${journalDir} }\n`);
  const seen = await watch(broker.url, 'test/crash/decision');
  const start = () => {
    const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d; });
    return { child, err: () => err };
  };
  const first = start();
  while (seen.messages.length < 10) await sleep(50);
  await broker.stop(); // decisions now pile up in the journal
  await sleep(2000);
  first.child.kill('SIGKILL');
  await new Promise((r) => first.child.once('exit', r));
  const made = journaled(journalDir);
  const arrived = new Set(seen.messages.map((m) => (JSON.parse(m.payload) as Decision).id));
  const waiting = made.filter((d) => !arrived.has(d.id));
  assert.ok(waiting.length >= 10, `decisions were waiting when it died (${waiting.length})`);

  await broker.start();
  const second = start();
  try {
    for (const deadline = Date.now() + 30_000; waiting.some((d) => !seen.messages.some((m) => m.payload.includes(d.id))); await sleep(100)) {
      if (Date.now() > deadline) throw new Error(`not all replayed; sorter said: ${second.err()}`);
    }
    const replayed = seen.messages.map((m) => JSON.parse(m.payload) as Decision).filter((d) => waiting.some((w) => w.id === d.id));
    for (const w of waiting) assert.deepEqual(replayed.find((d) => d.id === w.id), w, 'the same decision, id and timestamp included');
    const order = replayed.map((d) => d.id);
    assert.deepEqual(order.slice(0, waiting.length), waiting.map((d) => d.id), 'replayed oldest first');
    // At least once: a decision the broker passed on just before it stopped, whose acknowledgement
    // never came back, is still undelivered in the journal and is sent again (a duplicate), so
    // the restart may count it as well as those the watcher never saw.
    const said = Number(/journal: (\d+) decisions from before were not delivered/.exec(second.err())?.[1]);
    assert.ok(said >= waiting.length && said <= made.length, `the restart counts the undelivered: it said ${said}; the watcher missed ${waiting.length} of ${made.length}`);
  } finally {
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }
});

test('10,000 random and malformed commands: no crash, one reply each, ids echoed, and the sorter still sorts', async () => {
  // Deep queues: on a loaded machine the reply watcher can fall more than Mosquitto's default
  // 1,000 queued messages behind, and the broker's drops would look like the sorter's.
  const broker = await startMosquitto({ deepQueues: true });
  const config = sorterConfig(makeDevice(), broker.url, 'fuzz', 200, undefined, 'homeassistant: { enabled: false }\n');
  const sorter = await runSorter(config, { logger: SILENT, quiet: true });
  const replies: { id: string | null; ok: boolean }[] = [];
  const client = mqtt.connect(broker.url);
  await new Promise<void>((r) => client.once('connect', () => client.subscribe('test/fuzz/cmd/result', { qos: 1 }, () => r())));
  client.on('message', (_t, p) => replies.push(JSON.parse(p.toString())));
  let clientReconnects = 0;
  client.on('reconnect', () => clientReconnects++);
  const names = ['pause', 'resume', 'trigger', 'reload-model', 'set-threshold', 'label-last', 'nonsense', 'PAUSE', '', 'a/b'];
  const values = [null, true, 0, -1, 0.5, 2, 'x', [], {}, 'Coat', 9, 1e309, '\u0000'];
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const withIds: string[] = [];
  const sent: string[] = [];
  // Waits while replies keep coming, and fails at once, saying what went missing, when none has
  // come for `stallMs`: a loaded machine may answer slowly, but one lost reply used to make
  // every later wave wait out its own deadline (20 minutes in all).
  const repliesReach = async (count: number, stallMs: number) => {
    let seen = replies.length;
    for (let stallAt = Date.now() + stallMs; replies.length < count && Date.now() < stallAt;) {
      await sleep(20);
      if (replies.length > seen) [seen, stallAt] = [replies.length, Date.now() + stallMs];
    }
    if (replies.length >= count) return;
    const answered = new Set(replies.map((r) => r.id));
    const missing = withIds.filter((id) => !answered.has(id) && Number(id.slice(1)) < count);
    const { paused, broker } = sorter.controller.state();
    assert.fail(`${replies.length} replies to ${count} commands, and none for ${stallMs / 1000} s; unanswered with ids: ${missing.slice(0, 5).map((id) => sent[Number(id.slice(1))]).join(', ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; sorter ${paused ? 'paused' : 'sorting'}${sorter.controller.healthy() ? '' : ' but stuck on one garment for over 20 s'}, its broker reconnects ${broker.reconnects}, the test client's ${clientReconnects}`);
  };
  try {
    // In waves of 250: Mosquitto itself queues at most 1,000 messages per client by default and
    // drops the rest, which would test the broker's limit, not the sorter. Waves of 500 lost
    // about 200 replies once in a loaded CI run (both tests of a pair sharing 2 cores).
    for (let i = 0; i < 10_000; i++) {
      if (i % 250 === 0) await repliesReach(i, 30_000);
      let payload: string | Buffer;
      const kind = i % 4;
      if (kind === 0) payload = randomBytes(1 + Math.floor(Math.random() * 64));
      else if (kind === 1) payload = JSON.stringify(pick(values));
      else {
        const body: Record<string, unknown> = { id: `c${i}` };
        if (kind === 3) for (const k of ['threshold', 'class', 'decision', 'extra']) if (Math.random() < 0.4) body[k] = pick(values);
        withIds.push(`c${i}`);
        payload = JSON.stringify(body);
      }
      const name = pick(names);
      sent.push(`${name || '(empty)'} ${payload.toString().slice(0, 40)}`);
      client.publish(`test/fuzz/cmd/${name}`, payload, { qos: 0 });
    }
    await repliesReach(10_000, 30_000);
    assert.equal(replies.length, 10_000, 'one reply per command, malformed ones included');
    const ids = new Set(replies.map((r) => r.id));
    assert.ok(withIds.every((id) => ids.has(id)), 'every well-formed request is answered with its id');
    const w = await watch(broker.url, 'test/fuzz/#');
    client.publish('test/fuzz/cmd/resume', '{"id":"after"}');
    await w.next('test/fuzz/cmd/result', /"id":"after","command":"resume","ok":true/);
    await w.next('test/fuzz/decision', undefined, 10_000);
    assert.equal(sorter.controller.state().paused, false);
  } finally {
    client.end(true);
    await sorter.stop();
  }
});
