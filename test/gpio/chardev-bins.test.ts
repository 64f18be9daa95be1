// The character-device backend: the real helper under the real python3, with a fake
// python3-libgpiod (test/fixtures/fake-gpiod) standing in for the kernel's /dev/gpiochipN.
// On a Raspberry Pi with LAUNDRY_SORTER_GPIO_CONTRACT=1 the contract also runs on real pins.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { ChardevLines } from '../../src/gpio/chardev/chardev-lines.js';
import { GpioBins } from '../../src/gpio/bins.js';
import { GpioTrigger } from '../../src/trigger/gpio-trigger.js';
import { binsContract } from '../contracts/bins-contract.js';
import { FakeGpioChips } from '../helpers/fake-gpio-chip.js';
import { REPO } from '../helpers/sorter-process.js';
import { waitFor } from '../helpers/wait-for.js';

const fake = new FakeGpioChips();
const open = (chips = fake, chip?: string) => ChardevLines.open({ devDir: chips.devDir, env: chips.env, chip });

binsContract('chardev (fake python3-libgpiod)', () => open(), (pin) => fake.level(pin));

const realChips = (() => { try { return readdirSync('/dev').filter((n) => n.startsWith('gpiochip')); } catch { return []; } })();
if (process.env.LAUNDRY_SORTER_GPIO_CONTRACT === '1' && realChips.length > 0) {
  binsContract('chardev (this machine\'s /dev/gpiochip*)', () => ChardevLines.open({ devDir: '/dev' }));
} else {
  test('chardev: bins contract on real GPIO (set LAUNDRY_SORTER_GPIO_CONTRACT=1 on a Pi)', { skip: realChips.length ? 'LAUNDRY_SORTER_GPIO_CONTRACT is not 1' : 'no /dev/gpiochip* on this machine' }, () => {});
}

test('chardev: the Pi\'s controller is found by its label, wherever its number is', async () => {
  // A Pi 5 on a kernel before 6.6.45: the header is gpiochip4, after other chips.
  const pi5 = new FakeGpioChips({
    gpiochip0: { label: 'gpio-brcmstb@107d508500', lines: 32 },
    gpiochip1: { label: 'gpio-brcmstb@107d517c00', lines: 15 },
    gpiochip4: { label: 'pinctrl-rp1', lines: 54 },
  });
  const lines = await open(pi5);
  try {
    assert.match(lines.name, /gpiochip4 \(pinctrl-rp1, 54 lines/);
    const out = await lines.output(17, 0);
    await out.write(1);
    assert.equal(pi5.level(17, 'gpiochip4'), 1);
    assert.equal(pi5.level(17, 'gpiochip0'), undefined, 'nothing driven on the other chips');
    await out.release();
  } finally {
    await lines.close();
  }
});

test('chardev: gpio.chip picks a chip by name or label, and a wrong one lists what there is', async () => {
  const two = new FakeGpioChips({ gpiochip0: { label: 'pinctrl-bcm2711', lines: 58 }, gpiochip1: { label: 'raspberrypi-exp-gpio', lines: 8 } });
  const byLabel = await open(two, 'raspberrypi-exp-gpio');
  assert.match(byLabel.name, /gpiochip1/);
  await byLabel.close();
  await assert.rejects(open(two, 'gpiochip7'), (err: Error & { hint?: string }) => {
    assert.equal(err.message, 'gpio.chip is `gpiochip7`, but this machine has gpiochip0 [pinctrl-bcm2711], gpiochip1 [raspberrypi-exp-gpio]');
    return true;
  });
});

test('chardev: a pin another program holds is named, with how to find who', async () => {
  const busy = new FakeGpioChips();
  busy.holdAs(process.pid, 24);
  const lines = await open(busy);
  try {
    const bins = new GpioBins(lines, { pins: { tops: 17, shoes: 24 }, activeLow: false, mode: 'pulse', pulseMs: 5 });
    await assert.rejects(bins.start(), (err: Error & { hint?: string }) => {
      assert.equal(err.message, 'GPIO: BCM 24 is in use by another program or driver');
      assert.match(err.hint ?? '', /gpioinfo -c gpiochip0 24/);
      return true;
    });
  } finally {
    await lines.close();
  }
});

test('chardev: a chip the user may not open says to join the gpio group', async () => {
  const denied = new FakeGpioChips({ gpiochip0: { label: 'pinctrl-bcm2711', lines: 58, denied: true } });
  await assert.rejects(open(denied), (err: Error & { hint?: string }) => {
    assert.match(err.message, /^GPIO: cannot open .*gpiochip0: Permission denied$/);
    assert.match(err.hint ?? '', /usermod -aG gpio/);
    return true;
  });
});

test('chardev: without python3-libgpiod, or with its old version, the error says what to install', async () => {
  for (const [module, expected] of [['fake-gpiod-missing', /python3-libgpiod package is not installed/], ['fake-gpiod-v1', /python3-libgpiod is version 1/]] as const) {
    const chips = new FakeGpioChips(undefined, module);
    await assert.rejects(open(chips), (err: Error & { hint?: string }) => {
      assert.match(err.message, expected);
      assert.match(err.hint ?? '', /apt-get install python3-libgpiod/);
      return true;
    });
  }
  await assert.rejects(ChardevLines.open({ devDir: fake.devDir, env: fake.env, python: 'no-such-python3' }), /needs python3/);
});

test('chardev: a beam-break edge reaches the trigger, debounced, with its kernel time', async () => {
  const lines = await open();
  const fired: string[] = [];
  const times: number[] = [];
  const trigger = new GpioTrigger({
    name: lines.name, output: lines.output.bind(lines),
    input: (pin, onChange) => lines.input(pin, (level, at) => { times.push(at); onChange(level, at); }),
  }, 16, 'falling', 20);
  try {
    const before = performance.timeOrigin + performance.now();
    await trigger.start((reason) => fired.push(reason));
    fake.drive(16, 0);
    await waitFor(() => fired.length === 1, 'the falling edge to fire the trigger');
    assert.deepEqual(fired, ['GPIO 16 falling']);
    const after = performance.timeOrigin + performance.now();
    assert.ok(times[0] >= before - 1 && times[0] <= after + 1, `edge time ${times[0] - before} ms after start`);
    fake.drive(16, 1);
    fake.drive(16, 0); // a bounce: back down within the debounce window
    fake.drive(16, 1);
    await waitFor(() => times.length === 4, 'the three edges to arrive');
    assert.deepEqual(fired, ['GPIO 16 falling'], 'a rising edge is not a falling one');
  } finally {
    await trigger.stop();
    await lines.close();
  }
});

test('chardev: a sorter killed with a bin open leaves it closed and its lines free', async () => {
  const chips = new FakeGpioChips();
  // A sorter in a process of its own, holding the tops bin open, then killed without warning.
  const script = `
    const { ChardevLines } = await import(${JSON.stringify(`${REPO}dist/src/gpio/chardev/chardev-lines.js`)});
    const lines = await ChardevLines.open({ devDir: ${JSON.stringify(chips.devDir)} });
    const out = await lines.output(17, 0);
    await out.write(1);
    console.log('open ' + lines.helperPid);
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: chips.env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  await waitFor(() => out.includes('open '), 'the sorter to open the bin');
  const helperPid = Number(out.split('open ')[1]);
  assert.equal(chips.level(17), 1);
  child.kill('SIGKILL');
  await waitFor(() => { try { process.kill(helperPid, 0); return false; } catch { return true; } }, 'the helper to exit with its sorter');
  assert.equal(chips.level(17), 0, 'the bin was left open');
  assert.equal(chips.held(17), false, 'the line is still held');
});

test('chardev: systemd\'s stop signal to the whole service still lets the sorter close its bins', async () => {
  const lines = await open();
  const bins = new GpioBins(lines, { pins: { tops: 17 }, activeLow: false, mode: 'hold', pulseMs: 5 });
  await bins.start();
  await bins.actuate('tops');
  process.kill(lines.helperPid!, 'SIGTERM');
  await bins.stop();
  assert.equal(fake.level(17), 0);
  await lines.close();
});

test('chardev: a helper that dies mid-run is reported once, and writes fail with why', async () => {
  const errors: string[] = [];
  const lines = await ChardevLines.open({ devDir: fake.devDir, env: fake.env, logger: { error: (m: string) => errors.push(m) } as never });
  const out = await lines.output(22, 0);
  process.kill(lines.helperPid!, 'SIGKILL');
  await waitFor(() => errors.length > 0, 'the exit to be reported');
  assert.match(errors[0], /^GPIO helper exited \(SIGKILL\); the bins cannot move until the sorter restarts$/);
  await assert.rejects(out.write(1), /GPIO helper exited \(SIGKILL\)/);
  assert.equal(errors.length, 1);
});
