import type { Config } from '../config/schema.js';
import { GpioBins, type Bins } from './bins.js';
import type { Lines } from './lines.js';
import { createOnoffLines } from './onoff-lines.js';
import { SimulatedLines } from './simulated-lines.js';

/** The backend config asks for. Real hardware never falls back to simulation: onoff errors out instead. */
export async function createLines(gpio: Config['gpio']): Promise<Lines> {
  return gpio.kind === 'simulated' ? new SimulatedLines() : createOnoffLines(gpio.sysfsRoot);
}

export function createBins(gpio: Config['gpio'], lines: Lines): Bins {
  return new GpioBins(lines, { pins: gpio.pins, activeLow: gpio.activeLow, mode: gpio.mode, pulseMs: gpio.pulseMs, statusLedPin: gpio.statusLedPin });
}
