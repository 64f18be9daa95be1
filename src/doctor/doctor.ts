// `laundry-sorter doctor`: can every part the config asks for work on this machine? Run by
// the installer after `npm ci`, so hardware support that did not install is a loud failure
// there, not a surprise at the first start.
import type { Config } from '../config/schema.js';
import { guarded, type Check } from './check.js';
import { colourCheck } from './colour-check.js';
import { gpioChecks, sysfsWarning } from './gpio-checks.js';
import { backendCheck, cameraCheck, journalCheck, modelCheck, nodeCheck } from './part-checks.js';

export interface DoctorPlaces { path: string }

export async function examine(config: Config, places: DoctorPlaces = { path: process.env.PATH ?? '' }): Promise<Check[]> {
  const checks: Check[] = [nodeCheck(), await guarded('tfjs backend', () => backendCheck(config.model.backend))];
  checks.push(...await gpioChecks(config.gpio));
  const note = sysfsWarning(config.gpio);
  if (note && config.gpio.kind === 'simulated') checks.push(note);
  checks.push(await guarded('camera', () => cameraCheck(config.camera, places.path)));
  checks.push(await guarded('model', () => modelCheck(config.model.dir)));
  checks.push(journalCheck(config.journal.dir));
  checks.push(colourCheck(config));
  return checks;
}

export function formatChecks(checks: Check[]): string {
  const width = Math.max(...checks.map((c) => c.part.length));
  return checks.map((c) => `${c.status.padEnd(4)}  ${c.part.padEnd(width)}  ${c.detail}${c.hint ? `\n${' '.repeat(width + 8)}→ ${c.hint}` : ''}`).join('\n');
}
