// The config's `colour` section as measuring options. A calibrated reference frame records the
// tray's colour, so a coloured tray can still correct a change of light since calibration.
import type { Config } from '../config/schema.js';
import type { RgbImage } from '../preprocess/frame.js';
import { type ColourOptions, type GarmentColour } from './measure-colour.js';
import { LINEAR } from './oklab.js';

export function colourOptions(config: Config, reference?: RgbImage): ColourOptions | false {
  const c = config.colour;
  if (!c.enabled) return false;
  return { tray: c.tray, thresholds: c.groups, mixedShare: c.mixedShare, mixedDistance: c.mixedDistance, ...(c.trayLightness ? { trayLightness: c.trayLightness } : {}), ...(reference ? { calibratedTray: meanLinear(reference) } : {}) };
}

/** Mean linear RGB of a whole image: the empty tray's colour, as calibration recorded it. */
export function meanLinear(img: RgbImage): [number, number, number] {
  const sum = [0, 0, 0];
  for (let p = 0; p < img.data.length; p += 3) for (let c = 0; c < 3; c++) sum[c] += LINEAR[img.data[p + c]];
  const n = img.data.length / 3;
  return sum.map((v) => v / n) as [number, number, number];
}

/** One short phrase for a log line or the CLI: "dark (black #233040)", "unknown: the frame is overexposed…". */
export function describeColour(c: GarmentColour): string {
  if (c.group === 'unknown') return `colour unknown: ${c.reason}`;
  return `${c.group} (${c.name} ${c.rgb}${'second' in c && c.second ? ` with ${c.second.name} ${c.second.rgb}` : ''})`;
}
