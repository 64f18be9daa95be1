// The unit file: systemd's own checks, and its ExecStart run the way the service runs it, with
// a notify socket this test provides.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, fstatSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { makeDevice, REPO, sorterConfig } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const UNIT = join(REPO, 'systemd', 'laundry-sorter.service');
const unitText = readFileSync(UNIT, 'utf8');
const setting = (name: string) => unitText.split('\n').filter((l) => l.startsWith(`${name}=`)).map((l) => l.slice(name.length + 1));

test('systemd-analyze verify passes, and the exposure score is at most 2.5', () => {
  // verify checks that ExecStart exists; point it at this checkout's copy of the installed command.
  const copy = join(tempDir(), 'laundry-sorter.service');
  writeFileSync(copy, unitText.replace('ExecStart=/opt/laundry-sorter/', `ExecStart=${REPO}`));
  const verify = execFileSync('systemd-analyze', ['verify', copy], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(verify.trim(), '');
  const security = execFileSync('systemd-analyze', ['security', '--offline=true', UNIT], { encoding: 'utf8' });
  const score = Number(/Overall exposure level for laundry-sorter\.service: ([\d.]+)/.exec(security)?.[1]);
  process.stderr.write(`# systemd-analyze security: exposure ${score}\n`);
  assert.ok(score <= 2.5, `exposure ${score}`);
  for (const s of ['Type', 'WatchdogSec', 'ExecReload', 'Restart', 'NoNewPrivileges', 'ProtectSystem', 'PrivateTmp', 'ProtectHome']) assert.ok(setting(s).length > 0, s);
  assert.equal(setting('Type')[0], 'notify');
  assert.equal(setting('ExecReload')[0], '/bin/kill -HUP $MAINPID');
  assert.deepEqual(setting('SupplementaryGroups'), ['gpio video']);
  // GPIO goes through the character device: /sys stays read-only, the gpiochips are allowed.
  assert.deepEqual(setting('ProtectKernelTunables'), ['yes']);
  assert.ok(setting('DeviceAllow').includes('char-gpiochip rw'));
  assert.ok(!setting('ReadWritePaths').join(' ').includes('/sys'), 'nothing under /sys is writable');
});

/** A notify socket like systemd's: a python3 receiver printing each datagram as a JSON line. */
function notifySocket(path: string) {
  const receiver = spawn('python3', ['-u', '-c', `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps("BOUND"), flush=True)
while True:
    print(json.dumps(s.recv(4096).decode()), flush=True)
`, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const messages: string[] = [];
  let buffer = '';
  receiver.stdout.on('data', (d: Buffer) => {
    buffer += d;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const l of lines) messages.push(JSON.parse(l));
  });
  return { messages, stop: () => receiver.kill() };
}

async function until(what: string, check: () => boolean, ms = 30_000): Promise<void> {
  for (const deadline = Date.now() + ms; !check();) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('ExecStart as the service runs it: READY once warm, WATCHDOG while healthy, a clean stop on SIGTERM', async () => {
  const broker = await startMosquitto();
  const state = tempDir('var-lib-');
  const config = join(state, 'config.yaml');
  writeFileSync(config, readFileSync(join(REPO, 'config', 'demo.yaml'), 'utf8')
    .replace('dir: ../models/current', `dir: ${join(REPO, 'models', 'current')}`).replace('folder: ../demo/frames', `folder: ${join(REPO, 'demo', 'frames')}`)
    .replace('url: embedded', `url: ${broker.url}`).replace('port: 8080', 'port: 0')
    .replace('../runs/demo-journal', join(state, 'journal')).replace('../runs/demo-samples', join(state, 'samples')).replace('../runs/demo-snapshots', join(state, 'snapshots'))
    .replace('everyMs: 1500', 'everyMs: 100'));
  const execStart = setting('ExecStart')[0].replace('/opt/laundry-sorter/', REPO).replace('/etc/laundry-sorter/config.yaml', config).split(' ');
  const environment = Object.fromEntries(setting('Environment').map((e) => e.split('=') as [string, string]));
  const socket = notifySocket(join(state, 'notify.sock'));
  await until('the notify socket', () => socket.messages.includes('BOUND'));
  const status = await watch(broker.url, 'laundry-sorter/demo/status');
  const child = spawn(execStart[0], execStart.slice(1), {
    cwd: state, stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH, HOME: state, ...environment, NOTIFY_SOCKET: join(state, 'notify.sock'), WATCHDOG_USEC: '600000' },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d; });
  child.stderr.on('data', (d: Buffer) => { output += d; });
  try {
    await until('READY=1', () => socket.messages.some((m) => m.startsWith('READY=1')));
    const ready = socket.messages.find((m) => m.startsWith('READY=1'))!;
    assert.match(ready, /STATUS=sorting with sorter-/);
    assert.match(ready, new RegExp(`MAINPID=${child.pid}\\b`), 'the main PID is the sorter itself');
    assert.match(output, /sorting with sorter-.* on wasm/, 'READY only after the model is loaded and warm');
    await until('three watchdog pings', () => socket.messages.filter((m) => m === 'WATCHDOG=1').length >= 3, 5000);
    await status.next('laundry-sorter/demo/status', 'online');
    const stopping = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise((r) => child.once('exit', r));
    const seconds = (Date.now() - stopping) / 1000;
    process.stderr.write(`# SIGTERM to exit: ${seconds.toFixed(2)} s\n`);
    assert.equal(code, 0, output);
    assert.ok(socket.messages.includes('STOPPING=1'));
    assert.ok(seconds < Number(setting('TimeoutStopSec')[0]), 'well within TimeoutStopSec');
    const last = status.messages.filter((m) => m.topic.endsWith('/status')).pop()!;
    assert.equal(last.payload, 'offline', 'offline published on the way out');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    socket.stop();
  }
});

test('under journald every line is JSON with its syslog priority in front, decisions included, so journalctl -p works', async () => {
  const dir = tempDir('journald-');
  const out = join(dir, 'stdout');
  const fd = openSync(out, 'w');
  const { dev, ino } = fstatSync(fd);
  // Nothing listens on this broker: the sorter warns about it, and sorts on.
  const config = sorterConfig(makeDevice(), 'mqtt://127.0.0.1:9', 'journald', 100, undefined, 'homeassistant: { enabled: false }\n');
  const child = spawn(process.execPath, [join(REPO, 'dist', 'src', 'cli', 'main.js'), 'run', '--config', config], {
    stdio: ['ignore', fd, 'pipe'], env: { ...process.env, JOURNAL_STREAM: `${dev}:${ino}` },
  });
  closeSync(fd);
  try {
    const lines = () => readFileSync(out, 'utf8').split('\n').filter(Boolean);
    await until('a decision and a warning in the journal', () => lines().some((l) => l.includes('"msg":"decision ')) && lines().some((l) => l.startsWith('<4>')), 30_000);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
  const lines = readFileSync(out, 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const m = /^<([2-7])>(\{.*\})$/.exec(line);
    assert.ok(m, `one format on the stream: ${line.slice(0, 120)}`);
    const level = (JSON.parse(m[2]) as { level: number }).level;
    assert.equal(Number(m[1]), { 20: 7, 30: 6, 40: 4, 50: 3 }[level], `priority matches level ${level}`);
  }
  assert.ok(lines.some((l) => /^<4>.*not accepting connections/.test(l)), 'the unreachable broker is a warning');
  assert.ok(lines.some((l) => /^<6>.*"msg":"decision [0-9A-Z]{26}: /.test(l)), 'decisions are info events, not plain text');
});
