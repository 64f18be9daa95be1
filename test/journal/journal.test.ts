import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { Journal, JOURNAL_FILE } from '../../src/journal/journal.js';
import { LOCK_FILE } from '../../src/journal/directory-lock.js';
import type { Decision } from '../../src/mqtt/topics.js';
import { tempDir } from '../helpers/temp-dir.js';
import { UserError } from '../../src/errors/user-error.js';

let n = 0;
const decision = (): Decision => ({
  id: `01TEST${String(n++).padStart(20, '0')}`, timestamp: new Date().toISOString(), action: 'sorted', class: 1, name: 'Trouser', confidence: 0.9,
  probabilities: Array(10).fill(0.01), bin: 'bottoms', modelId: 'm', pose: null, timings: { capture: 1, preprocess: 1, infer: 1, actuate: 0, total: 3 },
});
const open = (dir: string, maxUndelivered = 100, extra: Partial<ConstructorParameters<typeof Journal>[1]> = {}) => new Journal(dir, { maxUndelivered, ...extra });

test('recorded decisions stay undelivered until acknowledged, and survive a reopen in order', async () => {
  const dir = tempDir();
  const j = open(dir);
  const ds = [decision(), decision(), decision(), decision()];
  await Promise.all(ds.map((d) => j.record(d)));
  j.delivered(ds[1].id);
  j.delivered('an-id-never-recorded');
  await j.close();
  const again = open(dir);
  assert.deepEqual(again.undelivered().map((d) => d.id), [ds[0].id, ds[2].id, ds[3].id]);
  assert.deepEqual(again.undelivered()[0], ds[0], 'original id, timestamp and content');
  await again.close();
});

test('a record is in the file the moment record() returns, before any sync (what survives kill -9)', async () => {
  const dir = tempDir();
  const j = open(dir);
  const d = decision();
  const synced = j.record(d);
  assert.match(readFileSync(join(dir, JOURNAL_FILE), 'utf8'), new RegExp(d.id));
  await synced;
  await j.close();
});

test('a torn last line is cut off, and the next good record is not glued to it', async () => {
  const dir = tempDir();
  const j = open(dir);
  const first = decision();
  await j.record(first);
  await j.close();
  appendFileSync(join(dir, JOURNAL_FILE), '{"d":{"id":"01TORN","timest');
  const again = open(dir);
  assert.equal(again.tornBytes, '{"d":{"id":"01TORN","timest'.length);
  const second = decision();
  await again.record(second);
  await again.close();
  const third = open(dir);
  assert.deepEqual(third.undelivered().map((x) => x.id), [first.id, second.id], 'the record written after the torn one survives');
  assert.equal(third.skippedLines, 0);
  await third.close();
});

test('lines that are not records (null, arrays, numbers, strangers) are skipped and counted, never fatal', async () => {
  const dir = tempDir();
  const d = decision();
  writeFileSync(join(dir, JOURNAL_FILE), ['null', '[1,2]', '42', '"text"', '{"who":"knows"}', '{"d":null}', 'not json', JSON.stringify({ d }), ''].join('\n'));
  const j = open(dir);
  assert.equal(j.skippedLines, 7);
  assert.deepEqual(j.undelivered().map((x) => x.id), [d.id]);
  await j.close();
});

test('delivered entries are compacted away; the file stays bounded', async () => {
  const dir = tempDir();
  const j = open(dir, 100_000);
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
  const again = open(dir, 100_000);
  assert.deepEqual(again.undelivered().map((d) => d.id), [keep.id]);
  await again.close();
});

test('records made while a compaction is being written are in the compacted file', async () => {
  const dir = tempDir();
  const j = open(dir, 100_000);
  const live = Array.from({ length: 3000 }, decision);
  for (const d of live) j.record(d);
  // 1,000 acknowledgements of other decisions push the file past the compaction point…
  for (let i = 0; i < 2500; i++) { const d = decision(); j.record(d); j.delivered(d.id); }
  // …and these arrive while it is under way.
  const late = Array.from({ length: 50 }, decision);
  for (const d of late) j.record(d);
  await j.close();
  const lines = readFileSync(join(dir, JOURNAL_FILE), 'utf8').trim().split('\n').length;
  assert.ok(lines < 5000, `a compaction ran (${lines} lines for 8,050 records)`);
  const again = open(dir, 100_000);
  assert.deepEqual(again.undelivered().map((d) => d.id), [...live, ...late].map((d) => d.id));
  await again.close();
});

test('beyond maxUndelivered the oldest are dropped, loudly, and a restart neither resurrects them nor forgets the count', async () => {
  const dir = tempDir();
  const said: string[] = [];
  const j = open(dir, 10, { onDrop: (m) => said.push(m) });
  const ds = Array.from({ length: 13 }, decision);
  for (const d of ds) await j.record(d);
  assert.equal(j.backlog, 10);
  assert.equal(j.dropped, 3);
  assert.equal(said.length, 3);
  assert.match(said[0], new RegExp(`journal full \\(10 undelivered decisions\\): dropped the oldest, ${ds[0].id}`));
  await j.close();
  const again = open(dir, 10);
  assert.equal(again.dropped, 3, 'the drop count survives');
  assert.deepEqual(again.undelivered().map((d) => d.id), ds.slice(3).map((d) => d.id), 'dropped decisions stay dropped');
  await again.close();
});

test('a second journal on the same directory is refused, in this process and from another one', async () => {
  const dir = tempDir();
  const j = open(dir);
  assert.throws(() => open(dir), (e: unknown) => e instanceof UserError && /already open in this process/.test(e.message));
  await j.close();
  // Another process holds it: a real node process that opened the journal and waits.
  const holder = spawn(process.execPath, ['--input-type=module', '-e', `
    const { Journal } = await import(${JSON.stringify(new URL('../../src/journal/journal.js', import.meta.url).href)});
    new Journal(${JSON.stringify(dir)}, { maxUndelivered: 10 });
    console.log('open');
    setInterval(() => {}, 1000);`], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the holder did not open the journal within 20 s')), 20_000);
      holder.stdout!.once('data', () => { clearTimeout(timer); resolve(); });
    });
    assert.throws(() => open(dir), (e: unknown) => e instanceof UserError && e.message.includes(`in use by another sorter, process ${holder.pid}`) && /journal\.dir/.test(e.hint ?? ''));
  } finally {
    holder.kill('SIGKILL');
    await new Promise((r) => holder.once('exit', r));
  }
  // Killed, it leaves its lock behind: the next sorter takes it over.
  assert.equal(readFileSync(join(dir, LOCK_FILE), 'utf8').trim(), String(holder.pid));
  const after = open(dir);
  await after.close();
});

test('a journal directory that cannot be written is one line that names it and says what to do', () => {
  const dir = join(tempDir(), 'a-file');
  writeFileSync(dir, 'not a directory');
  assert.throws(() => open(join(dir, 'journal')), (e: unknown) => e instanceof UserError && e.message.startsWith(`journal directory ${join(dir, 'journal')} is not a directory (ENOTDIR)`) && e.exitCode === 78);
});
