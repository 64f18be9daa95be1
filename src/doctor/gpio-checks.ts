// What this machine offers for the bins: the character devices current kernels have (and
// the python3-libgpiod the sorter drives them with), the sysfs interface onoff needs, and
// whether onoff's native part was built at all (npm drops an optional dependency that fails
// to compile without a word).
import { existsSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { chooseChip } from '../gpio/chardev/choose-chip.js';
import { listChips, NOT_A_PI_HINT } from '../gpio/chardev/gpiod-helper.js';
import { autoKind, charDevices } from '../gpio/create-bins.js';
import { createOnoffLines } from '../gpio/onoff-lines.js';
import { fail, guarded, ok, warn, type Check } from './check.js';

async function onoffLoads(): Promise<string | undefined> {
  try {
    await import('onoff' as string);
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

async function chardevCheck(gpio: Config['gpio'], chosen: string): Promise<Check> {
  const listing = await listChips(gpio.devDir);
  const chip = chooseChip(listing, gpio.devDir, gpio.chip);
  return ok('GPIO', `character device ${chip.path} (${chip.label}, ${chip.lines} lines) through python3-libgpiod ${listing.version}${chosen}`);
}

async function onoffCheck(gpio: Config['gpio'], chosen: string): Promise<Check> {
  const chips = charDevices(gpio.devDir);
  const onoffProblem = await onoffLoads();
  if (onoffProblem) {
    return fail('GPIO', `gpio.kind is onoff, but the onoff package does not load: ${onoffProblem}`,
      'npm drops onoff when its native part cannot compile (g++ and make): use `gpio.kind: auto` on a kernel with /dev/gpiochip*, or install them and run `npm ci` again');
  }
  if (!existsSync(gpio.sysfsRoot)) {
    return fail('GPIO', `gpio.kind is onoff, but ${gpio.sysfsRoot} is missing${chips.length ? ` (this kernel has only the character devices ${chips.join(', ')})` : ''}`,
      chips.length ? 'sysfs GPIO is deprecated and gone from recent Raspberry Pi OS kernels: use `gpio.kind: auto` (the character device)' : NOT_A_PI_HINT);
  }
  const lines = await createOnoffLines(gpio.sysfsRoot);
  return ok('GPIO', `${lines.name}${chosen}`);
}

export async function gpioChecks(gpio: Config['gpio']): Promise<Check[]> {
  if (gpio.kind === 'simulated') {
    const chips = charDevices(gpio.devDir);
    return [ok('GPIO', `simulated (no hardware is driven); character devices here: ${chips.length ? chips.join(', ') : 'none'}`)];
  }
  // Whatever a probe throws (no GPIO, a chip that will not open) is a failed check with its hint.
  return [await guarded('GPIO', () => {
    const kind = gpio.kind === 'auto' ? autoKind(gpio) : gpio.kind;
    const chosen = gpio.kind === 'auto' ? ' (gpio.kind auto)' : '';
    return kind === 'chardev' ? chardevCheck(gpio, chosen) : onoffCheck(gpio, chosen);
  })];
}

/** A warning worth seeing even when the config is fine: kernels without sysfs GPIO. */
export function sysfsWarning(gpio: Config['gpio']): Check | undefined {
  const chips = charDevices(gpio.devDir);
  if (chips.length > 0 && !existsSync(gpio.sysfsRoot)) return warn('GPIO interface', `only the character devices (${chips.join(', ')}); sysfs GPIO is gone from this kernel`);
  return undefined;
}
