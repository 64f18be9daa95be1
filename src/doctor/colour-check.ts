// Can the colour groups be trusted here? Lightness decides `white` against `light`, and only a
// declared tray lightness (`colour.trayLightness`) tells the camera's exposure: a calibration
// taken under the sorter's own lamp records the tray as that lamp and exposure show it, fall-off
// and all, so it corrects changes of light since, not the exposure itself. On rendered frames of
// known colour, white garments read `light` about half the time without it, calibrated or not
// (docs/colour.md, "Declare the tray's lightness"). A sorter whose bins sort by colour says so:
// `doctor` as a warning, and the sorter once when it starts.
import type { Config } from '../config/schema.js';
import { binRules } from '../sorting/bin-rules.js';
import { ok, warn, type Check } from './check.js';

const PART = 'colour';
const PAPER_CURE = 'lay a sheet of white printer paper on the calibrated tray and run `laundry-sorter calibrate --paper`, which prints the colour.trayLightness to set (an 18% grey card is 0.565)';

export function colourCheck(config: Pick<Config, 'colour' | 'preprocess' | 'sorting'>): Check {
  const byColour = binRules(config.sorting.bins).filter((r) => r.colours).map((r) => r.bin);
  if (!config.colour.enabled) return ok(PART, byColour.length ? 'colour is off: the bins that name colours take no garment by colour' : 'colour is off');
  if (byColour.length === 0) return ok(PART, 'measured for every decision; no bin sorts by it');
  const bins = byColour.length > 1 ? `bins ${byColour.join(', ')} sort` : `bin ${byColour[0]} sorts`;
  const reference = config.preprocess.reference;
  if (config.colour.trayLightness) return ok(PART, `${bins} by colour, with the tray's lightness declared (${config.colour.trayLightness})${reference ? ` and the tray calibrated (${reference})` : ''}`);
  const how = reference ? `by colour against the calibrated tray (${reference}), but` : 'by colour, but the tray was never calibrated and';
  return warn(PART, `${bins} ${how} colour.trayLightness is not set, so the camera's exposure is unknown: white garments may read as light ones`, reference ? PAPER_CURE : `run \`laundry-sorter calibrate\` with the tray empty, then ${PAPER_CURE}`);
}
