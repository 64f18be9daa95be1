// What this machine offers for the bins: the sysfs interface onoff drives, the character
// devices newer kernels have instead, and whether onoff's native part was built at all
// (npm drops an optional dependency that fails to compile without a word).
import { existsSync, readdirSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { createOnoffLines } from '../gpio/onoff-lines.js';
import { fail, ok, warn, type Check } from './check.js';

export interface GpioPlaces { devDir: string }

function charDevices(devDir: string): string[] {
  try {
    return readdirSync(devDir).filter((n) => /^gpiochip\d+$/.test(n)).sort();
  } catch {
    return [];
  }
}

async function onoffLoads(): Promise<string | undefined> {
  try {
    await import('onoff' as string);
    return undefined;
  } catch (err) {
    return (err as Error).message.split('\n')[0];
  }
}

export async function gpioChecks(gpio: Config['gpio'], places: GpioPlaces = { devDir: '/dev' }): Promise<Check[]> {
  const chips = charDevices(places.devDir);
  const sysfs = existsSync(gpio.sysfsRoot);
  const onoffProblem = await onoffLoads();
  const seen = `character devices: ${chips.length ? chips.join(', ') : 'none'}; sysfs ${gpio.sysfsRoot}: ${sysfs ? 'present' : 'missing'}; onoff: ${onoffProblem ? `does not load (${onoffProblem})` : 'loads'}`;
  if (gpio.kind === 'simulated') return [ok('GPIO', `simulated (no hardware is driven); ${seen}`)];
  if (onoffProblem) {
    return [fail('GPIO', `gpio.kind is onoff, but the onoff package does not load: ${onoffProblem}`,
      'npm drops onoff when its native part cannot compile: install g++ and make (scripts/install-deps.sh does), then run `npm ci` again')];
  }
  if (!sysfs) {
    return [fail('GPIO', `gpio.kind is onoff, but ${gpio.sysfsRoot} is missing${chips.length ? ` (this kernel has only the character devices ${chips.join(', ')})` : ''}`,
      chips.length ? 'sysfs GPIO is deprecated and gone from recent Raspberry Pi OS kernels; onoff cannot drive pins here' : 'is this a Raspberry Pi? elsewhere use `gpio: { kind: simulated }`')];
  }
  try {
    const lines = await createOnoffLines(gpio.sysfsRoot);
    return [ok('GPIO', `${lines.name}; ${seen}`)];
  } catch (err) {
    const e = err as Error & { hint?: string };
    return [fail('GPIO', e.message.split('\n')[0], e.hint)];
  }
}

/** A warning worth seeing even when the config is fine: kernels without sysfs GPIO. */
export function sysfsWarning(gpio: Config['gpio'], places: GpioPlaces = { devDir: '/dev' }): Check | undefined {
  const chips = charDevices(places.devDir);
  if (chips.length > 0 && !existsSync(gpio.sysfsRoot)) return warn('GPIO interface', `only the character devices (${chips.join(', ')}); sysfs GPIO is gone from this kernel`);
  return undefined;
}
