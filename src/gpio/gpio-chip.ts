// sysfs GPIO numbers are offset on current Raspberry Pi kernels: BCM 17 is gpio529 on a Pi 4
// with kernel 6.6 (base 512) and gpio588 on a Pi 5 (base 571). The base is read from the
// gpiochip whose label names the Pi's own GPIO controller, so config can use BCM numbers.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/user-error.js';

/** Labels of the main GPIO controller: Pi 1–3 and Zero, Pi 4 and 400, Pi 5. */
export const PI_GPIO_LABELS = ['pinctrl-bcm2835', 'pinctrl-bcm2711', 'pinctrl-rp1'];

export interface GpioChip { path: string; label: string; base: number; ngpio: number }

export function listGpioChips(sysfsRoot = '/sys/class/gpio'): GpioChip[] {
  if (!existsSync(sysfsRoot)) return [];
  return readdirSync(sysfsRoot).filter((n) => n.startsWith('gpiochip')).map((n) => {
    const read = (f: string) => readFileSync(join(sysfsRoot, n, f), 'utf8').trim();
    return { path: join(sysfsRoot, n), label: read('label'), base: Number(read('base')), ngpio: Number(read('ngpio')) };
  });
}

export function findGpioBase(sysfsRoot = '/sys/class/gpio'): number {
  const chips = listGpioChips(sysfsRoot);
  if (chips.length === 0) {
    throw new UserError(`no GPIO chips under ${sysfsRoot}: this is not a Raspberry Pi, or sysfs GPIO is disabled`, {
      hint: 'on a machine without GPIO use `gpio: { kind: simulated }` (the demo config does)',
    });
  }
  const chip = chips.find((c) => PI_GPIO_LABELS.includes(c.label));
  if (!chip) {
    throw new UserError(`no Raspberry Pi GPIO controller under ${sysfsRoot}: found ${chips.map((c) => `${c.label} (base ${c.base})`).join(', ')}`, {
      hint: `expected a gpiochip labelled ${PI_GPIO_LABELS.join(', ')}; see "GPIO numbering on new kernels" in docs/device.md`,
    });
  }
  return chip.base;
}
