// Can the colour groups be trusted here? Lightness decides `white` against `light`, and only a
// calibrated tray (`preprocess.reference`) or a declared tray lightness (`colour.trayLightness`)
// tells the camera's exposure. With neither, on rendered frames of known colour, white garments
// read `light` about half the time (docs/colour.md, "Calibrate first"). A sorter whose bins sort
// by colour says so: `doctor` as a warning, and the sorter once when it starts.
import type { Config } from '../config/schema.js';
import { binRules } from '../sorting/bin-rules.js';
import { ok, warn, type Check } from './check.js';

const PART = 'colour';

export function colourCheck(config: Pick<Config, 'colour' | 'preprocess' | 'sorting'>): Check {
  const byColour = binRules(config.sorting.bins).filter((r) => r.colours).map((r) => r.bin);
  if (!config.colour.enabled) return ok(PART, byColour.length ? 'colour is off: the bins that name colours take no garment by colour' : 'colour is off');
  if (byColour.length === 0) return ok(PART, 'measured for every decision; no bin sorts by it');
  const bins = byColour.length > 1 ? `bins ${byColour.join(', ')} sort` : `bin ${byColour[0]} sorts`;
  if (config.preprocess.reference) return ok(PART, `${bins} by colour, against the calibrated tray ${config.preprocess.reference}`);
  if (config.colour.trayLightness) return ok(PART, `${bins} by colour, with the tray's lightness declared (${config.colour.trayLightness})`);
  return warn(
    PART,
    `${bins} by colour, but the tray was never calibrated and colour.trayLightness is not set, so the camera's exposure is unknown: white garments may read as light ones`,
    'put the empty tray under the camera and run `laundry-sorter calibrate`, or set colour.trayLightness (0.565 for an 18% grey card)',
  );
}
