import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findGpioBase } from '../../src/gpio/gpio-chip.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A fake /sys/class/gpio with the given chips, as the kernel lays it out. */
function fakeSysfs(chips: [string, number, number][]): string {
  const root = tempDir();
  for (const [label, base, ngpio] of chips) {
    const dir = join(root, `gpiochip${base}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'label'), `${label}\n`);
    writeFileSync(join(dir, 'base'), `${base}\n`);
    writeFileSync(join(dir, 'ngpio'), `${ngpio}\n`);
  }
  writeFileSync(join(root, 'export'), '');
  return root;
}

test('Pi 4 on kernel 6.6: BCM pins start at 512', () => {
  assert.equal(findGpioBase(fakeSysfs([['pinctrl-bcm2711', 512, 58], ['raspberrypi-exp-gpio', 570, 8]])), 512);
});

test('Pi 5: the RP1 controller at 571, not the other chips', () => {
  assert.equal(findGpioBase(fakeSysfs([['gpio-brcmstb@107d508500', 512, 32], ['gpio-brcmstb@107d517c00', 544, 15], ['pinctrl-rp1', 571, 54]])), 571);
});

test('older kernels: base 0', () => {
  assert.equal(findGpioBase(fakeSysfs([['pinctrl-bcm2835', 0, 54]])), 0);
});

test('a machine with other GPIO chips only is refused, naming what it found', () => {
  assert.throws(() => findGpioBase(fakeSysfs([['gpio-mockup-A', 0, 8]])), /no Raspberry Pi GPIO controller under .*: found gpio-mockup-A \(base 0\)/);
});

test('no sysfs GPIO at all says so and what to use instead', () => {
  assert.throws(() => findGpioBase('/nonexistent/gpio'), (err: Error & { hint?: string }) =>
    /no GPIO chips under \/nonexistent\/gpio/.test(err.message) && /kind: simulated/.test(err.hint ?? ''));
});
