// A sorter that cannot start must say why in one line, give back what it opened and exit
// with a code a service manager can act on, instead of idling (a hung start under systemd).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { makeDevice, DEMO_FRAMES } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { mountTmpfs } from '../helpers/tmpfs.js';

/** A deadline for the whole run: a start-up failure that hangs fails the test instead of the suite. */
const DEADLINE_MS = 30_000;

function config(dir: string, { port = 0, frames = DEMO_FRAMES, journal = join(dir, 'journal') } = {}): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `
model: { dir: ${join(makeDevice(), 'current')} }
camera: { kind: replay, folder: ${frames}, loop: true }
trigger: { kind: interval, everyMs: 200 }
sorting: { threshold: 0.6, rejectBin: reject, bins: { tops: [T-shirt/top, Shirt, Pullover], bottoms: [Trouser] } }
gpio: { kind: simulated, pins: { tops: 17, bottoms: 27, reject: 5 } }
mqtt: { url: embedded, embeddedPort: ${port}, deviceId: startup }
snapshots: { dir: ${join(dir, 'snapshots')}, keep: 0 }
journal: { dir: ${journal} }
homeassistant: { enabled: false }
`);
  return file;
}

async function run(configFile: string): Promise<{ code: number | null; stderr: string; seconds: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'run', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  return { code, stderr, seconds: (Date.now() - started) / 1000 };
}

const listen = (port: number) => new Promise<Server>((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(port, '127.0.0.1', () => resolve(s));
});
const close = (s: Server) => new Promise((r) => s.close(r));

/** The error and its hint, nothing else: no stack trace. */
function assertOneLine(stderr: string, pattern: RegExp): void {
  const said = stderr.split('\n').filter((l) => l.startsWith('laundry-sorter: '));
  assert.equal(said.length, 1, stderr);
  assert.match(said[0], pattern);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
}

test('the demo broker port is taken: one line, exit 69, and it does not hang', async (t) => {
  const holder = await listen(0);
  try {
    const port = (holder.address() as AddressInfo).port;
    const r = await run(config(tempDir(), { port }));
    t.diagnostic(`exited after ${r.seconds.toFixed(2)} s`);
    assert.equal(r.code, 69, r.stderr);
    assertOneLine(r.stderr, new RegExp(`port ${port} is in use`));
  } finally {
    await close(holder);
  }
});

test('the replay folder is missing: one line, exit 78, and the broker it had started is closed again', async (t) => {
  const free = await listen(0);
  const port = (free.address() as AddressInfo).port;
  await close(free);
  const r = await run(config(tempDir(), { port, frames: '/nonexistent/frames' }));
  t.diagnostic(`exited after ${r.seconds.toFixed(2)} s`);
  assert.equal(r.code, 78, r.stderr);
  assertOneLine(r.stderr, /replay camera: cannot read \/nonexistent\/frames \(ENOENT\)/);
  assert.match(r.stderr, /set camera\.folder/);
  await close(await listen(port)); // nothing is left listening on the broker's port
});

test('the journal directory is on a read-only filesystem: one line naming it, exit 78', async (t) => {
  const dir = tempDir();
  const disk = mountTmpfs('64k', { readOnly: true });
  if (typeof disk === 'string') return t.skip(disk);
  const readOnly = disk.dir;
  try {
    const r = await run(config(dir, { journal: join(readOnly, 'journal') }));
    t.diagnostic(`exited after ${r.seconds.toFixed(2)} s`);
    assert.equal(r.code, 78, r.stderr);
    assertOneLine(r.stderr, new RegExp(`journal directory ${join(readOnly, 'journal')} is on a read-only filesystem \\(EROFS\\)`));
    assert.match(r.stderr, /set journal\.dir/);
  } finally {
    disk.unmount();
  }
});

test('a second sorter on the same journal directory is refused in one line naming the first, exit 75', async (t) => {
  const dir = tempDir();
  const file = config(dir);
  const first = spawn(process.execPath, [CLI, 'run', '--config', file, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let said = '';
  first.stderr.on('data', (d: Buffer) => { said += d; });
  try {
    for (const deadline = Date.now() + DEADLINE_MS; !/sorting with/.test(said); await new Promise((r) => setTimeout(r, 50))) {
      if (Date.now() > deadline || first.exitCode !== null) assert.fail(`the first sorter did not start: ${said}`);
    }
    const r = await run(file);
    t.diagnostic(`exited after ${r.seconds.toFixed(2)} s`);
    assert.equal(r.code, 75, r.stderr);
    assertOneLine(r.stderr, new RegExp(`journal directory ${join(dir, 'journal')} is in use by another sorter, process ${first.pid}`));
  } finally {
    first.kill('SIGTERM');
    await new Promise((r) => (first.exitCode !== null ? r(null) : first.once('exit', r)));
  }
});
