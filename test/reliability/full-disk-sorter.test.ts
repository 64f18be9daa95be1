// The whole sorter with its journal on a small disk that fills up while the broker is down:
// it says it is degraded, keeps sorting, recovers when space is freed, and after a kill -9 and
// a restart with the broker back, every decision it reported arrives. Needs root for tmpfs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Decision } from '../../src/mqtt/topics.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { makeDevice, sorterConfig } from '../helpers/sorter-process.js';
import { mountTmpfs } from '../helpers/tmpfs.js';
import { spawnSorter } from '../helpers/reporting-sorter.js';

test('disk full with the broker down: degraded, sorting on, back to normal when space is freed, and after kill -9 every reported decision arrives', async (t) => {
  const mounted = mountTmpfs('1m');
  if (typeof mounted === 'string') return t.skip(mounted);
  const disk = mounted.dir;
  try {
    const filler = join(disk, 'someone-elses-file');
    writeFileSync(filler, Buffer.alloc(900 * 1024));
    const journal = join(disk, 'journal');
    mkdirSync(journal);
    const broker = await startMosquitto({ deepQueues: true });
    await broker.stop(); // down from the start: nothing is acknowledged, the journal only grows
    const config = sorterConfig(makeDevice(), broker.url, 'fulldisk', 10, undefined, `journal: { dir: ${journal} }\nhomeassistant: { enabled: false }\nweb: { enabled: true, port: 0 }\n`);

    const first = spawnSorter(config);
    await first.until('"journal: degraded (disk full"', () => /journal: degraded \(disk full/.test(first.stderr()));
    const atFull = first.ids.length;
    // The state (what the state topic and the page show) and the metrics say so too.
    const page = /live page at (http:\/\/[^ ]+\/)/.exec(first.stderr())![1];
    const state = await (await fetch(`${page}state`)).json() as { journal: { health: string; unsaved: number } };
    assert.equal(state.journal.health, 'disk full');
    assert.ok(state.journal.unsaved > 0, 'decisions in memory only are counted');
    assert.match(await (await fetch(`${page}metrics`)).text(), /^laundry_sorter_journal_degraded 1$/m);
    await first.until('sorting while degraded', () => first.ids.length >= atFull + 20);
    rmSync(filler);
    await first.until('"journal: back to normal"', () => /journal: back to normal/.test(first.stderr()));
    const atRecovery = first.ids.length;
    const back = await (await fetch(`${page}state`)).json() as { journal: { health: string; unsaved: number } };
    assert.deepEqual(back.journal, { health: 'ok', unsaved: 0 });
    await first.until('sorting after recovery', () => first.ids.length >= atRecovery + 20);
    await first.kill('SIGKILL');
    assert.equal(first.stderr().match(/journal: degraded/g)?.length, 1, 'said once, not once per failed write');
    assert.match(first.stderr(), /in memory only/, 'the backlog message says where the waiting decisions are');
    const reported = [...first.ids];

    await broker.start();
    const seen = await watch(broker.url, 'test/fulldisk/decision');
    const second = spawnSorter(config);
    const arrived = () => new Set(seen.messages.map((m) => (JSON.parse(m.payload) as Decision).id));
    await second.until('every reported decision at the broker', () => { const got = arrived(); return reported.every((id) => got.has(id)); }, 60_000);
    await second.kill('SIGTERM');
    const got = arrived();
    assert.deepEqual(reported.filter((id) => !got.has(id)), [], `all ${reported.length} reported decisions arrived`);
  } finally {
    mounted.unmount();
  }
});
