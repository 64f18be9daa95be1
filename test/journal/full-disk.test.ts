// The journal on a real, tiny filesystem that fills up, with the journaling process killed -9.
// Needs root for the tmpfs mount; without it the test is skipped and says why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Journal } from '../../src/journal/journal.js';
import { mountTmpfs } from '../helpers/tmpfs.js';

const CHILD = new URL('../helpers/journal-child.js', import.meta.url).pathname;

interface Child { lines: string[]; kill(): Promise<void>; waitFor(what: RegExp, count: number, ms: number): Promise<void> }

function startChild(dir: string, everyMs: number): Child {
  const child = spawn(process.execPath, [CHILD, dir, String(everyMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let partial = '';
  let errors = '';
  child.stdout!.on('data', (b: Buffer) => { const parts = (partial + b).split('\n'); partial = parts.pop()!; lines.push(...parts); });
  child.stderr!.on('data', (b: Buffer) => { errors += b; });
  return {
    lines,
    async kill() { child.kill('SIGKILL'); if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r)); },
    async waitFor(what, count, ms) {
      for (const deadline = Date.now() + ms; lines.filter((l) => what.test(l)).length < count; await new Promise((r) => setTimeout(r, 20))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`waited ${ms} ms for ${count}× ${what}; the child said ${lines.slice(-3).join(' | ')} ${errors}`);
      }
    },
  };
}

const ids = (lines: string[], kind: string) => lines.filter((l) => l.startsWith(`${kind} `)).map((l) => l.slice(kind.length + 1));
const reopened = (dir: string) => { const j = new Journal(dir, { maxUndelivered: 100_000 }); const got = new Set(j.undelivered().map((d) => d.id)); void j.close(); return got; };

test('disk full, then kill -9: every decision reported as saved is on disk; the full disk was said once', async (t) => {
  const disk = mountTmpfs('64k');
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const child = startChild(disk.dir, 2);
    await child.waitFor(/^memory /, 30, 20_000);
    await child.kill();
    assert.deepEqual(child.lines.filter((l) => l.startsWith('health')), ['health disk full'], 'one line for the change, not one per failed write');
    const saved = ids(child.lines, 'saved');
    assert.ok(saved.length > 50, `some fitted before it filled (${saved.length})`);
    const onDisk = reopened(disk.dir);
    assert.deepEqual(saved.filter((id) => !onDisk.has(id)), [], 'no decision reported as saved was lost');
  } finally {
    disk.unmount();
  }
});

test('disk full, space freed: back to normal by itself, the in-memory decisions written out; kill -9 then loses none', async (t) => {
  const disk = mountTmpfs('256k');
  if (typeof disk === 'string') return t.skip(disk);
  try {
    const filler = join(disk.dir, 'someone-elses-file');
    writeFileSync(filler, Buffer.alloc(200 * 1024));
    const journalDir = join(disk.dir, 'journal');
    const child = startChild(journalDir, 5);
    await child.waitFor(/^memory /, 20, 20_000);
    rmSync(filler);
    await child.waitFor(/^health ok$/, 1, 20_000);
    const back = child.lines.length;
    await child.waitFor(/^saved /, ids(child.lines, 'saved').length + 20, 20_000);
    await child.kill();
    assert.deepEqual(child.lines.filter((l) => l.startsWith('health')), ['health disk full', 'health ok']);
    const reported = [...ids(child.lines.slice(0, back), 'saved'), ...ids(child.lines.slice(0, back), 'memory'), ...ids(child.lines.slice(back), 'saved')];
    const onDisk = reopened(journalDir);
    assert.deepEqual(reported.filter((id) => !onDisk.has(id)), [], 'decisions kept in memory while the disk was full were written when space came back');
  } finally {
    disk.unmount();
  }
});
