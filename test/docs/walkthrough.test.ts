// A newcomer's first hour, on a copy of the repo as a fresh clone has it (git's files only: no
// dist/, no runs/, no ../shared): the README's quick start (install, the demo), its watch
// command, classifying a photo, a tiny model trained and pushed to the running demo over a real
// sshd, refused by the default gate, forced, and rolled back. One story, in order, so every
// step starts from what the last one left. Differences from a user's machine: node_modules is
// this checkout's (`npm ci` is what .ci/run already ran), and the demo's ports are free ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after } from 'node:test';
import { tokenize } from '../helpers/doc-commands.js';
import { freePort } from '../helpers/mosquitto.js';
import { REPO } from '../helpers/sorter-process.js';
import { startSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

interface Running { child: ChildProcess; output(): string; stop(): Promise<void> }

// Stopped when the file ends: after() inside a test would stop the demo when that test ends.
const running: Running[] = [];
after(() => Promise.all(running.map((r) => r.stop())));

/** Starts a command in its own process group (npm start runs sh, which runs node) and keeps its output. */
function start(command: string[], cwd: string): Running {
  const child = spawn(command[0], command.slice(1), { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => { output += d; });
  child.stderr!.on('data', (d: Buffer) => { output += d; });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid!, 'SIGTERM');
    await exited;
  };
  const started = { child, output: () => output, stop };
  running.push(started);
  return started;
}

/** Runs a command to the end; resolves with its exit code and output. */
async function run(command: string[], cwd: string, timeoutMs = 300_000): Promise<{ code: number | null; output: string }> {
  const r = start(command, cwd);
  const timer = setTimeout(() => r.stop(), timeoutMs);
  const code = await new Promise<number | null>((resolve) => r.child.once('close', resolve));
  clearTimeout(timer);
  return { code, output: r.output() };
}

/** The README's quick-start lines, as words (the test runs what the README says). */
function quickStart(): string[][] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /## Quick start[\s\S]*?```sh\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README has a quick start block');
  return block[1].trim().split('\n').map((line) => tokenize(line));
}

/** The sample output under the quick start. */
function readmeSample(): string[] {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const block = /## Quick start[\s\S]*?```sh\n[\s\S]*?```[\s\S]*?```\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'the README shows the demo\'s output');
  return block[1].trim().split('\n');
}

/** A copy of what `git clone` would give: the tracked and new files, symlinks as symlinks. */
function freshClone(): string {
  const clone = join(tempDir('fresh-clone-'), 'laundry-sorter');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(clone, file)), { recursive: true });
    try {
      cpSync(join(REPO, file), join(clone, file), { verbatimSymlinks: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // deleted but not yet committed
    }
  }
  symlinkSync(join(REPO, 'node_modules'), join(clone, 'node_modules'));
  return clone;
}

const clone = freshClone();
const mqttPort = await freePort();
const webPort = await freePort();
const demoConfig = join(clone, 'config', 'demo.yaml');
writeFileSync(demoConfig, readFileSync(demoConfig, 'utf8').replace('embeddedPort: 1883', `embeddedPort: ${mqttPort}`).replace('port: 8080', `port: ${webPort}`));
const sshd = await startSshd();
const npx = (...args: string[]) => run(['npx', 'laundry-sorter', ...args], clone);
const ssh = ['--host', sshd.target, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts, '--remote-dir', join(clone, 'models')];
const servingId = () => readlinkSync(join(clone, 'models', 'current'));
const shipped = readlinkSync(join(REPO, 'models', 'current'));
let demo: Running;
let tinyId = '';

/** waitFor, failing with the end of what `process` printed, which says why. */
async function waitOn(process: Running, check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  try {
    await waitFor(check, what, timeoutMs);
  } catch (err) {
    throw new Error(`${(err as Error).message}; it printed:\n${process.output().slice(-3000)}`);
  }
}

/** Decisions the demo printed after `mark` characters of its output, with the model each came from. */
function decisionsSince(mark: number): string[] {
  return demo.output().slice(mark).split('\n').filter((l) => /→ \S+/.test(l) && / ms /.test(l));
}

test('quick start: install-deps finds everything installed, and `npm start -- run` builds the clone and runs the demo', async () => {
  const [runLine] = quickStart();
  assert.deepEqual(runLine.slice(0, 2), ['scripts/install-deps.sh', '&&'], 'the first line installs the system packages first');
  const install = await run(['scripts/install-deps.sh'], clone, 120_000);
  assert.equal(install.code, 0, install.output);
  const startWords = runLine.slice(runLine.lastIndexOf('&&') + 1);
  assert.deepEqual(startWords, ['npm', 'start', '--', 'run']);
  demo = start(startWords, clone);
  await waitOn(demo, () => decisionsSince(0).length >= 3 || demo.child.exitCode !== null, 'three demo decisions (as many as the README shows)', 240_000);
  assert.equal(demo.child.exitCode, null, demo.output());
  assert.match(demo.output(), new RegExp(`sorting with ${shipped} on wasm`));
  // The README's sample output is what the demo prints, up to times, ids, ports and paths.
  const shape = (line: string) => line.replace(/\d{2}:\d{2}:\d{2}\.\d{3}/, 'T').replace(/\b[0-9A-Z]{26}\b/, 'ID').replace(/\d+\.\d ms/, 'N ms').replace(/\b\d{4,5}\b/g, 'PORT').replace(/ \/\S+\/demo\/frames/, ' DIR/demo/frames').trim();
  const printed = new Set(demo.output().split('\n').map(shape));
  for (const line of readmeSample()) assert.ok(printed.has(shape(line)), `the README's sample line is printed by the demo: ${line}\nit printed:\n${demo.output().slice(-1500)}`);
});

test('watching: the mosquitto_sub line the demo prints shows JSON decisions and leaves the binary snapshots out', async () => {
  const line = /watch with\s+(mosquitto_sub .*)$/m.exec(demo.output());
  assert.ok(line, 'the demo prints how to watch it');
  const watcher = start(tokenize(line[1]), clone);
  await waitOn(watcher, () => (watcher.output().match(/\/decision \{/g) ?? []).length >= 2, 'two decisions on mosquitto_sub', 60_000);
  await watcher.stop();
  const topics = watcher.output().split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
  assert.ok(topics.includes('laundry-sorter/demo/state'), 'the retained state');
  assert.deepEqual(topics.filter((t) => t.includes('/snapshot/')), [], 'no binary snapshot topics');
  const decision = JSON.parse(watcher.output().split('\n').find((l) => l.includes('/decision {'))!.replace(/^\S+ /, ''));
  assert.equal(decision.modelId, shipped);
});

test('classify a photo: it names the class, the bin or the reason for rejecting, and the model', async () => {
  const r = await npx('classify', 'test/fixtures/real-photos/coat/' + readFileSync(join(clone, 'test/fixtures/real-photos/labels.json'), 'utf8').match(/coat\/([\w.-]+\.jpg)/)![1]);
  assert.equal(r.code, 0, r.output);
  assert.match(r.output, new RegExp(`model ${shipped}`));
  assert.match(r.output, /: \S[\w/ -]* \d+\.\d% → (\w+|reject \(rejected: [^)]+\))/);
});

test('a tiny model trains in the clone and is written as a model directory', async () => {
  const r = await npx('train', '--arch', 'mlp', '--epochs', '1', '--limit', '2000', '--out', 'runs/tiny');
  assert.equal(r.code, 0, r.output);
  tinyId = JSON.parse(readFileSync(join(clone, 'runs/tiny/model/manifest.json'), 'utf8')).modelId;
  assert.match(tinyId, /^mlp-/);
});

test('pushing the run folder to the running demo: the default gate refuses the worse model, and the demo keeps its own', async () => {
  const r = await npx('push', 'runs/tiny', ...ssh, '--remote-command', `${process.execPath} ${join(clone, 'dist/src/cli/main.js')}`);
  assert.notEqual(r.code, 0, r.output);
  assert.match(r.output, /runs\/tiny is a training run; pushing its model, runs\/tiny\/model/);
  assert.match(r.output, new RegExp(`refusing to replace ${shipped}: it is [\\d.]+ points worse`));
  assert.match(r.output, /--force/);
  assert.equal(servingId(), shipped);
});

test('--force pushes it anyway, and the demo sorts with it without stopping', async () => {
  const mark = demo.output().length;
  const r = await npx('push', 'runs/tiny/model', ...ssh, '--remote-command', `${process.execPath} ${join(clone, 'dist/src/cli/main.js')}`, '--force');
  assert.equal(r.code, 0, r.output);
  assert.equal(servingId(), tinyId);
  const switched = `now sorting with ${tinyId} (was ${shipped})`;
  await waitOn(demo, () => demo.output().slice(mark).includes(switched) && decisionsSince(demo.output().indexOf(switched)).length > 0, 'a decision from the tiny model', 60_000);
  assert.equal(demo.child.exitCode, null);
});

test('rollback returns the demo to the shipped model, and a second rollback does not go forward to the tiny one', async () => {
  const mark = demo.output().length;
  const r = await npx('rollback', ...ssh);
  assert.equal(r.code, 0, r.output);
  assert.equal(servingId(), shipped);
  await waitOn(demo, () => demo.output().slice(mark).includes(`now sorting with ${shipped} (was ${tinyId})`), 'the demo back on the shipped model', 60_000);
  const again = await npx('rollback', ...ssh);
  assert.notEqual(servingId(), tinyId, again.output);
  assert.equal(again.code, 1, again.output);
  assert.match(again.output, /no earlier model to roll back to \(push the model you want instead\)/);
  assert.equal(servingId(), shipped);
});
