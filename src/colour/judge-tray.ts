// What an empty tray means for measuring colour, said once at calibration, when the user can
// still change the tray: the same thresholds measure-colour.ts applies to every garment later.
import type { RgbImage } from '../preprocess/frame.js';
import { meanLinear } from './colour-config.js';
import { DARK_TRAY, exposureScale, NEUTRAL_TRAY_SATURATION, traySaturation, VISIBLE_TINT } from './measure-colour.js';
import { linearToOklab, toHex } from './oklab.js';

/** Above this lightness a white garment hardly stands out from the tray. */
const LIGHT_TRAY = 0.85;

export type TrayKind = 'grey' | 'light' | 'tinted' | 'coloured' | 'dark';

export interface TrayJudgement {
  kind: TrayKind;
  /** One line for the log: the tray's colour, and what to do about it if anything. */
  line: string;
}

/** `trayLightness`: the tray's own lightness, if config declares it (colour.trayLightness). */
export function judgeTray(tray: RgbImage, setting: 'auto' | 'neutral' | 'coloured', trayLightness?: number): TrayJudgement {
  const mean = meanLinear(tray);
  const lab = linearToOklab(...mean);
  const saturation = traySaturation(lab);
  const seen = `the tray is ${toHex(mean)} (lightness ${lab.L.toFixed(2)}, chroma ${(saturation * 100).toFixed(1)}% of it)`;
  if (lab.L < DARK_TRAY) return { kind: 'dark', line: `${seen}: too dark to measure colours against; add light, or use a mid-grey tray` };
  if (saturation > NEUTRAL_TRAY_SATURATION) {
    const fix = setting === 'neutral' ? 'colour.tray says neutral, so every colour will be unknown: set colour.tray: coloured, or use a grey tray' : 'colours are corrected only for changes of light since this calibration; a mid-grey tray also tells the light\'s colour';
    return { kind: 'coloured', line: `${seen}: coloured; ${fix}` };
  }
  if (saturation > VISIBLE_TINT && setting !== 'coloured') {
    // A grey tray under a warm lamp lands here too, and still needs its lightness for whites.
    const lightness = trayLightness === undefined ? '; either way, measure its lightness with a sheet of white printer paper: `laundry-sorter calibrate --paper`' : '';
    return { kind: 'tinted', line: `${seen}: slightly tinted, and this tint will be taken for the light's and corrected away, so white garments may read as light ones; if the tray itself is this colour (cream, slate), set colour.tray: coloured${lightness}` };
  }
  if (lab.L > LIGHT_TRAY) return { kind: 'light', line: `${seen}: light; white garments may not stand out from it, a mid-grey tray (40–60% grey) shows white and black garments alike` };
  return { kind: 'grey', line: `${seen}: good for measuring colour; ${exposureNote(lab.L, trayLightness)}` };
}

/** What the camera's exposure does to lightness, which decides white against light. */
function exposureNote(seen: number, declared?: number): string {
  if (declared === undefined) return 'now measure its own lightness: lay a sheet of white printer paper on it and run `laundry-sorter calibrate --paper` (or set colour.trayLightness: 0.565 for an 18% grey card). This calibration records the tray as the camera exposed it, and without its lightness white garments may read as light ones';
  const k = exposureScale(declared, seen);
  return `its own lightness is ${declared} (colour.trayLightness), so frames are scaled ×${k.toFixed(2)} in light${Math.abs(k - 1) > 0.5 ? ': check the value, or fix the camera\'s exposure' : ''}`;
}
