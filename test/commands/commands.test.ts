// The command tree as a dashboard uses it: real broker, real sorter, replies on cmd/result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSorter } from '../../src/cli/run-command.js';
import { SILENT } from '../../src/controller/logger.js';
import { discoveryMessages } from '../../src/homeassistant/discovery.js';
import type { Decision, SorterState } from '../../src/mqtt/topics.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { makeDevice, sorterConfig } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('pause, resume, set-threshold, trigger and label-last (last garment or by decision id) do what they say and reply with the request id', async () => {
  const broker = await startMosquitto();
  const samples = tempDir('samples-');
  const sorter = await runSorter(sorterConfig(makeDevice(), broker.url, 'cmds', 100, undefined, `samples: { dir: ${samples} }\n`), { logger: SILENT, quiet: true });
  const w = await watch(broker.url, 'test/cmds/#');
  const send = async (name: string, body: object) => {
    const id = `${name}-${Math.random().toString(36).slice(2)}`;
    await w.client.publishAsync(`test/cmds/cmd/${name}`, JSON.stringify({ id, ...body }));
    return JSON.parse((await w.next('test/cmds/cmd/result', new RegExp(`"id":"${id}"`))).payload) as { ok: boolean; result?: any; error?: string };
  };
  const decisions = () => w.messages.filter((m) => m.topic === 'test/cmds/decision').map((m) => JSON.parse(m.payload) as Decision);
  // The sorter subscribes to its command tree once connected, a moment after start-up returns:
  // the first command (pause, harmless to repeat) is sent until it is answered.
  const firstReply = async () => {
    for (const deadline = Date.now() + 20_000; ; ) {
      try {
        return await Promise.race([send('pause', {}), sleep(1000).then(() => { throw new Error('no reply yet'); })]);
      } catch (err) {
        if (Date.now() > deadline) throw err;
      }
    }
  };
  try {
    assert.deepEqual((await firstReply()).result, { paused: true });
    await sleep(300);
    // A garment already in progress when the pause arrived may still finish; nothing after it.
    const whilePaused = decisions().length;
    await sleep(600);
    assert.ok(decisions().length <= whilePaused + 1, `no pictures while paused (${decisions().length - whilePaused} more)`);
    assert.equal(sorter.controller.state().paused, true);
    assert.equal((await send('trigger', {})).result.why, 'paused');
    await send('resume', {});
    await w.next('test/cmds/state', /"paused":false/);

    assert.equal((await send('set-threshold', { threshold: 1 })).ok, true);
    const since = decisions().length;
    for (const deadline = Date.now() + 30_000; decisions().filter((d) => d.action !== 'empty').length < decisions().slice(0, since).filter((d) => d.action !== 'empty').length + 3; await sleep(50)) {
      if (Date.now() > deadline) assert.fail('no three garments sorted within 30 s of set-threshold');
    }
    assert.ok(decisions().slice(since + 1).filter((d) => d.action !== 'empty').every((d) => d.action === 'rejected'), 'threshold 1 rejects everything');
    assert.match((await send('set-threshold', { threshold: 1.5 })).error!, /threshold: Too big: expected number to be <=1/);
    await send('set-threshold', { threshold: 0.6 });
    assert.equal(JSON.parse((await w.next('test/cmds/state', /"threshold":0.6/)).payload).threshold, 0.6);

    const triggered = await send('trigger', {});
    assert.match(triggered.result.decision, /^[0-9A-Z]{26}$/);

    await send('pause', {}); // so "the last garment" holds still
    await sleep(200);
    const last = sorter.controller.lastDecision!;
    const labelled = await send('label-last', { class: 'Coat' });
    assert.deepEqual(labelled.result, { decision: last.id, label: 'Coat', predicted: last.name });
    const older = decisions().find((d) => d.action !== 'empty' && d.id !== last.id)!;
    assert.equal((await send('label-last', { class: 8, decision: older.id })).result.label, 'Bag');
    assert.equal((await send('label-last', { class: '6', decision: older.id })).result.label, 'Shirt', 'an index as a string');
    assert.match((await send('label-last', { class: 'Jumper' })).error!, /class: expected one of T-shirt\/top, .* or an index 0–9, got `Jumper` \(string\)/);
    assert.match((await send('label-last', { class: 'Coat', decision: 'nope' })).error!, /no kept sample has decision id nope/);
    const records = readFileSync(join(samples, 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((r) => [r.decisionId, r.labelName]), [[last.id, 'Coat'], [older.id, 'Bag'], [older.id, 'Shirt']], 'every correction kept, in order');
    assert.equal(records[0].predictedName, last.name);
  } finally {
    await sorter.stop();
  }
});

test('commands.enabled: false: nothing is listened to or answered', async () => {
  const broker = await startMosquitto();
  const sorter = await runSorter(sorterConfig(makeDevice(), broker.url, 'nocmd', 1000, undefined, 'commands: { enabled: false }\n'), { logger: SILENT, quiet: true });
  try {
    const w = await watch(broker.url, 'test/nocmd/#');
    await w.client.publishAsync('test/nocmd/cmd/pause', '{"id":"1"}');
    await sleep(500);
    assert.equal(w.messages.filter((m) => m.topic.endsWith('/cmd/result')).length, 0);
    assert.equal((sorter.controller.state() as SorterState).paused, false);
  } finally {
    await sorter.stop();
  }
});

test('request/<name> is answered on response/<name> with the transaction, as zigbee2mqtt does; cmd/ still works and says it is deprecated, once', async () => {
  const broker = await startMosquitto();
  const lines: string[] = [];
  const logger = { ...SILENT, warn: (m: string) => lines.push(m) };
  const sorter = await runSorter(sorterConfig(makeDevice(), broker.url, 'req', 1000), { logger, quiet: true });
  try {
    const w = await watch(broker.url, 'test/req/#');
    // The subscription follows the connection, a moment after start-up: repeat the (harmless) first request until answered.
    let reply: { status: string; data?: any; error?: string; transaction?: unknown } | undefined;
    for (const deadline = Date.now() + 20_000; !reply; ) {
      await w.client.publishAsync('test/req/request/pause', JSON.stringify({ transaction: 'tx-1' }));
      reply = await w.next('test/req/response/pause', /"transaction":"tx-1"/, 1000).then((m) => JSON.parse(m.payload)).catch(() => undefined);
      if (!reply && Date.now() > deadline) assert.fail('no response on response/pause');
    }
    assert.deepEqual(reply, { status: 'ok', data: { paused: true }, transaction: 'tx-1' });
    assert.equal(sorter.controller.state().paused, true);
    await w.client.publishAsync('test/req/request/set-threshold', JSON.stringify({ transaction: 7, threshold: 2 }));
    const refused = JSON.parse((await w.next('test/req/response/set-threshold', /"transaction":7/)).payload);
    assert.equal(refused.status, 'error');
    assert.match(refused.error, /threshold/);
    assert.equal(w.messages.filter((m) => m.topic === 'test/req/cmd/result').length, 0, 'the new tree answers only in its own tree');
    // The old tree: still answered on cmd/result, and the log says what to use instead, once per command.
    await w.client.publishAsync('test/req/cmd/resume', '{"id":"old-1"}');
    assert.equal(JSON.parse((await w.next('test/req/cmd/result', /"id":"old-1"/)).payload).ok, true);
    await w.client.publishAsync('test/req/cmd/resume', '{"id":"old-2"}');
    await w.next('test/req/cmd/result', /"id":"old-2"/);
    assert.deepEqual(lines.filter((l) => /deprecated/.test(l)), ['command topic cmd/resume is deprecated: send to request/resume (the reply comes on response/resume with your "transaction"); cmd/ keeps working for this release']);
    // Home Assistant's Sorting switch, as discovery describes it: its payloads pause and resume.
    const sorting = discoveryMessages({ prefix: 'homeassistant', root: 'test/req', node: 'req', bins: [], version: '0' }).find((m) => m.topic.includes('/switch/'))!.payload;
    await w.client.publishAsync(String(sorting.command_topic), String(sorting.payload_off));
    await w.next('test/req/response/set-paused', /"paused":true/);
    assert.equal(sorter.controller.state().paused, true);
    await w.client.publishAsync(String(sorting.command_topic), String(sorting.payload_on));
    await w.next('test/req/response/set-paused', /"paused":false/);
    assert.equal(sorter.controller.state().paused, false);
  } finally {
    await sorter.stop();
  }
});
