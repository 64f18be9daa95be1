import { existsSync, readdirSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import type { Logger } from '../controller/logger.js';
import { UserError } from '../errors/user-error.js';
import { GpioBins, type Bins } from './bins.js';
import { ChardevLines } from './chardev/chardev-lines.js';
import { NOT_A_PI_HINT } from './chardev/gpiod-helper.js';
import type { Lines } from './lines.js';
import { createOnoffLines } from './onoff-lines.js';
import { SimulatedLines } from './simulated-lines.js';

/** Character devices in devDir: /dev/gpiochip0 … */
export function charDevices(devDir: string): string[] {
  try {
    return readdirSync(devDir).filter((n) => /^gpiochip\d+$/.test(n)).sort();
  } catch {
    return [];
  }
}

/** Which real backend `auto` means on this machine: the character device wherever the kernel has one. */
export function autoKind(gpio: Config['gpio']): 'chardev' | 'onoff' {
  if (charDevices(gpio.devDir).length > 0) return 'chardev';
  if (existsSync(gpio.sysfsRoot)) return 'onoff';
  throw new UserError(`no GPIO on this machine: no ${gpio.devDir}/gpiochip* and no ${gpio.sysfsRoot}`, {
    hint: `${NOT_A_PI_HINT} (the demo config does)`,
  });
}

/** The backend config asks for. Real hardware never falls back to simulation: it errors out instead. */
export async function createLines(gpio: Config['gpio'], logger?: Logger): Promise<Lines> {
  if (gpio.kind === 'simulated') return new SimulatedLines();
  const kind = gpio.kind === 'auto' ? autoKind(gpio) : gpio.kind;
  const lines = kind === 'chardev'
    ? await ChardevLines.open({ devDir: gpio.devDir, chip: gpio.chip, logger })
    : await createOnoffLines(gpio.sysfsRoot);
  logger?.info(`GPIO: ${lines.name}${gpio.kind === 'auto' ? ' (chosen by gpio.kind auto)' : ''}`);
  return lines;
}

export function createBins(gpio: Config['gpio'], lines: Lines): Bins {
  return new GpioBins(lines, { pins: gpio.pins, activeLow: gpio.activeLow, mode: gpio.mode, pulseMs: gpio.pulseMs, statusLedPin: gpio.statusLedPin });
}
