// `doctor` as the installer runs it: every configured part that cannot work here is a loud
// failure (exit 1, named, with what to do); the demo's parts all pass.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { FakeGpioChips } from '../helpers/fake-gpio-chip.js';
import { DEMO_FRAMES, makeDevice } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

function config(extra: string): string {
  const dir = tempDir('doctor-');
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `
model: { dir: ${join(makeDevice(), 'current')} }
sorting: { threshold: 0.6, rejectBin: reject, bins: { bottoms: [Trouser] } }
mqtt: { url: 'mqtt://127.0.0.1:9' }
trigger: { kind: interval, everyMs: 1000 }
journal: { dir: ${join(dir, 'journal')} }
${extra}`);
  return file;
}

test('doctor: the demo parts (simulated GPIO, replay camera, the shipped model) all pass', async () => {
  const r = await runCli(['doctor', '--config', config(`camera: { kind: replay, folder: ${DEMO_FRAMES} }\ngpio: { kind: simulated, pins: { bottoms: 27, reject: 5 } }`)]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  for (const part of ['Node.js', 'tfjs backend', 'GPIO', 'camera', 'model', 'journal']) assert.match(r.stdout, new RegExp(`^ok\\s+${part}`, 'm'), part);
  assert.match(r.stdout, /golden outputs verified/);
});

test('doctor: bins on the GPIO character device name the chip it found and the libgpiod it drives it with', async () => {
  const chips = new FakeGpioChips({ gpiochip0: { label: 'gpio-brcmstb@107d508500', lines: 32 }, gpiochip4: { label: 'pinctrl-rp1', lines: 54 } });
  const r = await runCli(['doctor', '--config', config(`camera: { kind: replay, folder: ${DEMO_FRAMES} }\ngpio: { kind: auto, devDir: ${chips.devDir}, pins: { bottoms: 27, reject: 5 } }`)], { env: chips.env });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^ok\s+GPIO\s+character device .*gpiochip4 \(pinctrl-rp1, 54 lines\) through python3-libgpiod 2\.2\.0-fake \(gpio\.kind auto\)$/m);
});

test('doctor: a Pi whose python3-libgpiod is missing fails loudly, saying what to install', async () => {
  const chips = new FakeGpioChips(undefined, 'fake-gpiod-missing');
  const r = await runCli(['doctor', '--config', config(`camera: { kind: replay, folder: ${DEMO_FRAMES} }\ngpio: { kind: auto, devDir: ${chips.devDir}, pins: { bottoms: 27, reject: 5 } }`)], { env: chips.env });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^fail\s+GPIO\s+GPIO character device: the python3-libgpiod package is not installed\n\s+→ install the python3-libgpiod package/m);
});

test('doctor: real bins on a machine without sysfs GPIO, and a Pi camera whose program is missing, fail loudly', async (t) => {
  if (existsSync('/sys/class/gpio')) return t.skip('this machine has /sys/class/gpio, so onoff could work here');
  const r = await runCli(['doctor', '--config', config('camera: { kind: rpicam, command: rpicam-vid-not-installed }\ngpio: { kind: onoff, pins: { bottoms: 27, reject: 5 } }')]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /^fail\s+GPIO\s+gpio\.kind is onoff, but (\/sys\/class\/gpio is missing|the onoff package does not load)/m);
  assert.match(r.stdout, /^fail\s+camera\s+camera\.kind is rpicam, but rpicam-vid-not-installed is not installed\n\s+→ sudo apt-get install rpicam-apps/m);
  assert.match(r.stderr, /doctor: 2 parts cannot work here: GPIO, camera/);
});

test('doctor: bins that sort by colour without the tray\'s lightness are a warning with its cure, not a failure', async () => {
  const file = config(`camera: { kind: replay, folder: ${DEMO_FRAMES} }\ngpio: { kind: simulated, pins: { bottoms: 27, whites: 22, reject: 5 } }`);
  writeFileSync(file, readFileSync(file, 'utf8').replace('bins: { bottoms: [Trouser] }', 'bins: { bottoms: [Trouser], whites: { colours: [white, light] } }'));
  const r = await runCli(['doctor', '--config', file]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^warn\s+colour\s+bin whites sorts by colour, but the tray was never calibrated .*\n\s+→ run `laundry-sorter calibrate` with the tray empty, then lay a sheet of white printer paper on the calibrated tray and run `laundry-sorter calibrate --paper`/m);
});
