// The whole sorter on the GPIO character device, as on a Raspberry Pi OS trixie: auto picks
// the chip, a beam-break edge on the input sorts a garment into a bin, and a stop leaves
// every output low and every line free. Python3 runs the real helper; the chip is the fake.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI } from '../helpers/cli.js';
import { FakeGpioChips } from '../helpers/fake-gpio-chip.js';
import { DEMO_FRAMES, makeDevice } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { waitFor } from '../helpers/wait-for.js';

const BIN_PINS = { tops: 17, bottoms: 27, dresses: 22, outerwear: 23, shoes: 24, bags: 25, reject: 5 };

test('sorter on the character device: a beam break sorts a garment; a stop leaves the bins closed and the lines free', async () => {
  const chips = new FakeGpioChips();
  const dir = tempDir('chardev-sorter-');
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `
model: { dir: ${join(makeDevice(), 'current')} }
camera: { kind: replay, folder: ${DEMO_FRAMES}, loop: true }
trigger: { kind: gpio, pin: 16, edge: falling, debounceMs: 20 }
sorting:
  threshold: 0.0
  rejectBin: reject
  bins: { tops: [T-shirt/top, Shirt, Pullover], bottoms: [Trouser], dresses: [Dress], outerwear: [Coat], shoes: [Sandal, Sneaker, Ankle boot], bags: [Bag] }
gpio: { kind: auto, devDir: ${chips.devDir}, mode: pulse, pulseMs: 20, statusLedPin: 6, pins: ${JSON.stringify(BIN_PINS)} }
mqtt: { url: 'mqtt://127.0.0.1:9', baseTopic: test, deviceId: chardev }
snapshots: { dir: ${join(dir, 'snapshots')}, keep: 0 }
journal: { dir: ${join(dir, 'journal')} }
`);
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { env: chips.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  child.stdout.on('data', (d) => { said += d; });
  child.stderr.on('data', (d) => { said += d; });
  try {
    await waitFor(() => /sorting with/.test(said) && existsSync(join(chips.state, 'edges', 'gpiochip0-16')), 'sorter to start', 60_000);
    assert.match(said, /GPIO: character device \S+gpiochip0 \(pinctrl-bcm2711, 58 lines; python3-libgpiod 2\.2\.0-fake\) \(chosen by gpio\.kind auto\)/);
    assert.equal(chips.level(6), 1, 'status LED on');
    const pulses = () => chips.log().filter(([pin, level]) => pin !== 6 && level === 1).length;
    chips.drive(16, 0); // a garment breaks the beam
    await waitFor(() => pulses() === 1, 'a bin to open', 30_000);
    chips.drive(16, 1); // the beam is clear again, for longer than the debounce
    await waitFor(() => chips.level(16) === 1, 'the helper to read the input');
    await new Promise((r) => setTimeout(r, 500));
    chips.drive(16, 0); // the next garment
    await waitFor(() => pulses() === 2, 'a second bin to open', 30_000);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.exitCode !== null ? r(null) : child.once('exit', r));
  }
  assert.equal(child.exitCode, 0, said);
  for (const pin of [...Object.values(BIN_PINS), 6]) {
    assert.equal(chips.level(pin), 0, `BCM ${pin} left at 0`);
    assert.equal(chips.held(pin), false, `BCM ${pin} released`);
  }
  assert.equal(chips.held(16), false, 'the trigger input released');
});
