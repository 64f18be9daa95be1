// The laundry loads a colour belongs in, from its OKLab lightness L (0…1) and chroma C. The
// thresholds are config (`colour.groups`), with these defaults:
//   white   L ≥ 0.88 and C ≤ 0.035   white, off-white, cream
//   light   L ≥ 0.72 and C ≤ 0.09    pastels, light grey, beige
//   dark    L < 0.45, or a grey (C ≤ 0.05) with L < 0.6: black, navy, charcoal, burgundy
//   colour  the rest: clearly coloured at middle lightness
// and `mixed` when a garment has two strong colours in different loads (measure-colour.ts).
import { chroma, type Oklab } from './oklab.js';

export type SingleGroup = 'white' | 'light' | 'dark' | 'colour';
export type ColourGroup = SingleGroup | 'mixed';
export const COLOUR_GROUPS: readonly ColourGroup[] = ['white', 'light', 'dark', 'colour', 'mixed'];

export interface GroupThresholds {
  whiteLightness: number;
  whiteChroma: number;
  lightLightness: number;
  lightChroma: number;
  darkLightness: number;
  greyChroma: number;
  greyDarkLightness: number;
}

export const DEFAULT_GROUP_THRESHOLDS: GroupThresholds = {
  whiteLightness: 0.88, whiteChroma: 0.035,
  lightLightness: 0.72, lightChroma: 0.09,
  darkLightness: 0.45, greyChroma: 0.05, greyDarkLightness: 0.6,
};

export function groupOf(L: number, C: number, t: GroupThresholds = DEFAULT_GROUP_THRESHOLDS): SingleGroup {
  if (L >= t.whiteLightness && C <= t.whiteChroma) return 'white';
  if (L >= t.lightLightness && C <= t.lightChroma) return 'light';
  if (L < t.darkLightness) return 'dark';
  if (C <= t.greyChroma) return L < t.greyDarkLightness ? 'dark' : 'light';
  return 'colour';
}

/** Which wash a group goes in: white and light garments share one. */
export const loadOf = (g: SingleGroup): 'light' | 'dark' | 'colour' => (g === 'white' ? 'light' : g);

/** How far (in OKLab L, and in chroma at half that scale) a colour can move before its group changes, as 0…1. */
export function groupConfidence(c: Oklab, t: GroupThresholds = DEFAULT_GROUP_THRESHOLDS): number {
  const L = c.L;
  const C = chroma(c);
  const group = groupOf(L, C, t);
  const STEPS = 10;
  for (let k = 1; k <= STEPS; k++) {
    const dL = (0.1 * k) / STEPS;
    const dC = (0.05 * k) / STEPS;
    for (const [x, y] of [[L - dL, C], [L + dL, C], [L, Math.max(0, C - dC)], [L, C + dC]]) {
      if (groupOf(x, y, t) !== group) return (k - 1) / STEPS;
    }
  }
  return 1;
}
