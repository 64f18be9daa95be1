import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Journal, JOURNAL_FILE } from '../../src/journal/journal.js';
import type { Decision } from '../../src/mqtt/topics.js';
import { tempDir } from '../helpers/temp-dir.js';

let n = 0;
const decision = (): Decision => ({
  id: `01TEST${String(n++).padStart(20, '0')}`, timestamp: new Date().toISOString(), action: 'sorted', class: 1, name: 'Trouser', confidence: 0.9,
  probabilities: Array(10).fill(0.01), bin: 'bottoms', modelId: 'm', timings: { capture: 1, preprocess: 1, infer: 1, actuate: 0, total: 3 },
});

test('recorded decisions stay undelivered until acknowledged, and survive a reopen in order', async () => {
  const dir = tempDir();
  const j = new Journal(dir, 100);
  const ds = [decision(), decision(), decision(), decision()];
  await Promise.all(ds.map((d) => j.record(d)));
  j.delivered(ds[1].id);
  j.delivered('an-id-never-recorded');
  await j.close();
  const again = new Journal(dir, 100);
  assert.deepEqual(again.undelivered().map((d) => d.id), [ds[0].id, ds[2].id, ds[3].id]);
  assert.deepEqual(again.undelivered()[0], ds[0], 'original id, timestamp and content');
  await again.close();
});

test('a torn last line from a crash is dropped and counted; the rest recovers', async () => {
  const dir = tempDir();
  const j = new Journal(dir, 100);
  const d = decision();
  await j.record(d);
  await j.close();
  appendFileSync(join(dir, JOURNAL_FILE), '{"d":{"id":"01TORN","timest');
  const again = new Journal(dir, 100);
  assert.equal(again.tornLines, 1);
  assert.deepEqual(again.undelivered().map((x) => x.id), [d.id]);
  await again.close();
});

test('delivered entries are compacted away; the file stays bounded', async () => {
  const dir = tempDir();
  const j = new Journal(dir, 100_000);
  const keep = decision();
  await j.record(keep);
  for (let i = 0; i < 3000; i++) {
    const d = decision();
    await j.record(d);
    j.delivered(d.id);
  }
  await j.close();
  const lines = readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n').length;
  assert.ok(lines < 2500, `compacted: ${lines} lines for 6001 records`);
  assert.ok(statSync(join(dir, JOURNAL_FILE)).size < 2_000_000);
  const again = new Journal(dir, 100_000);
  assert.deepEqual(again.undelivered().map((d) => d.id), [keep.id]);
  await again.close();
});

test('beyond maxUndelivered the oldest are dropped, and never silently', async () => {
  const dropped: string[] = [];
  const j = new Journal(tempDir(), 10, (m) => dropped.push(m));
  const ds = Array.from({ length: 13 }, decision);
  for (const d of ds) await j.record(d);
  assert.equal(j.backlog, 10);
  assert.equal(j.dropped, 3);
  assert.equal(dropped.length, 3);
  assert.match(dropped[0], new RegExp(`journal full \\(10 undelivered decisions\\): dropped the oldest, ${ds[0].id}`));
  assert.equal(j.undelivered()[0].id, ds[3].id);
  await j.close();
});
