// A garment's colour, measured on the camera frame's pixels inside the garment mask (never the
// 28×28 gray image), corrected for the light by the tray, in OKLab. Robust by construction:
// medians, not means, so shadows in folds and specular highlights move nothing; and a two-way
// split of the pixels finds garments of two strong colours (stripes, prints) as `mixed`.
import type { RgbImage } from '../preprocess/frame.js';
import { colourName, type ColourName } from './colour-name.js';
import { DEFAULT_GROUP_THRESHOLDS, groupConfidence, groupOf, loadOf, type ColourGroup, type GroupThresholds } from './colour-group.js';
import { chroma, LINEAR, linearToOklab, oklabToLinear, toHex, type Oklab } from './oklab.js';

export type GarmentColour =
  | { group: ColourGroup; name: ColourName; rgb: string; confidence: number; /** The second colour of a mixed garment. */ second?: { name: ColourName; rgb: string; share: number } }
  | { group: 'unknown'; reason: string };

export interface ColourOptions {
  /**
   * `neutral`: the tray is white or grey, so its colour is the light's, which is corrected.
   * `coloured`: it says nothing about the light. `auto`: neutral when it looks it, else coloured.
   */
  tray: 'auto' | 'neutral' | 'coloured';
  /** The empty tray's colour when it was calibrated (linear RGB), if it was. */
  calibratedTray?: [number, number, number];
  thresholds: GroupThresholds;
  /** A second colour must cover at least this share of the garment for `mixed`. */
  mixedShare: number;
  /** …and be at least this far (OKLab distance) from the first. */
  mixedDistance: number;
}

export const DEFAULT_COLOUR_OPTIONS: ColourOptions = { tray: 'auto', thresholds: DEFAULT_GROUP_THRESHOLDS, mixedShare: 0.25, mixedDistance: 0.25 };

/** Fewer garment pixels than this (at the 128 px working size) are too few to judge a colour by. */
export const MIN_PIXELS = 150;
/** A tray with more chroma than this is not neutral: no white, grey or beige tray under household light has this much. */
const NEUTRAL_TRAY_CHROMA = 0.1;
const MAX_SAMPLES = 4000;
/** Below this OKLab lightness (sRGB about 28 of 255) the tray is too dark to see colours against. */
const DARK_TRAY = 0.25;

/** Mean linear RGB of the background model where the garment is not: the tray under this light. */
export function trayColour(background: Float32Array, mask: Uint8Array): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p]) continue;
    for (let c = 0; c < 3; c++) sum[c] += LINEAR[Math.max(0, Math.min(255, Math.round(background[p * 3 + c])))];
    n++;
  }
  return n === 0 ? [1, 1, 1] : (sum.map((v) => v / n) as [number, number, number]);
}

export function measureColour(img: RgbImage, mask: Uint8Array, background: Float32Array, options: ColourOptions = DEFAULT_COLOUR_OPTIONS): GarmentColour {
  const pixels: number[] = [];
  let saturated = 0;
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p] || !interior(mask, p, img.width)) continue;
    pixels.push(p);
    const d = img.data;
    if (d[p * 3] >= 254 && d[p * 3 + 1] >= 254 && d[p * 3 + 2] >= 254) saturated++;
  }
  if (pixels.length < MIN_PIXELS) return { group: 'unknown', reason: `the garment is too small to measure its colour (${pixels.length} pixels inside it, at least ${MIN_PIXELS} needed)` };
  if (saturated > pixels.length / 2) return { group: 'unknown', reason: `the frame is overexposed: ${Math.round((saturated / pixels.length) * 100)}% of the garment is pure white; lower the exposure or the light` };
  const tray = trayColour(background, mask);
  const trayLab = linearToOklab(...tray);
  if (trayLab.L < DARK_TRAY) return { group: 'unknown', reason: `the frame is underexposed or the tray is dark (its lightness ${trayLab.L.toFixed(2)}, at least ${DARK_TRAY} needed): add light, raise the exposure, or use a white or light grey tray` };
  const gains = whiteBalance(tray, trayLab, options);
  if (typeof gains === 'string') return { group: 'unknown', reason: gains };

  const labs = sample(pixels).map((p) => {
    const d = img.data;
    return linearToOklab(LINEAR[d[p * 3]] * gains[0], LINEAR[d[p * 3 + 1]] * gains[1], LINEAR[d[p * 3 + 2]] * gains[2]);
  });
  const [first, second] = twoColours(labs);
  const t = options.thresholds;
  if (second && second.share >= options.mixedShare && distance(first.centre, second.centre) >= options.mixedDistance) {
    const [g1, g2] = [first, second].map((c) => groupOf(c.centre.L, chroma(c.centre), t));
    if (loadOf(g1) !== loadOf(g2)) {
      return { group: 'mixed', name: colourName(first.centre), rgb: toHex(oklabToLinear(first.centre)), confidence: round(Math.min(1, second.share / 0.5)), second: { name: colourName(second.centre), rgb: toHex(oklabToLinear(second.centre)), share: round(second.share) } };
    }
  }
  const whole = median(labs);
  return { group: groupOf(whole.L, chroma(whole), t), name: colourName(whole), rgb: toHex(oklabToLinear(whole)), confidence: round(groupConfidence(whole, t)) };
}

/**
 * Gains per channel (linear light) that make the light white. A neutral tray is grey under
 * white light, so whatever colour it has is the light's. A coloured tray says nothing about the
 * light, except how it changed since calibration, when the tray was recorded.
 */
function whiteBalance(tray: [number, number, number], trayLab: Oklab, options: ColourOptions): [number, number, number] | string {
  const neutral = chroma(trayLab) <= NEUTRAL_TRAY_CHROMA;
  if (options.tray === 'coloured' || (options.tray === 'auto' && !neutral)) {
    const was = options.calibratedTray;
    return was ? (tray.map((v, c) => was[c] / Math.max(v, 1e-4)) as [number, number, number]) : [1, 1, 1];
  }
  if (!neutral) {
    return `the tray looks coloured (${toHex(tray)}), but colour.tray says neutral; use a white or grey tray, or set colour.tray: coloured and calibrate`;
  }
  // Scaled to the tray's brightest channel: a tinted light only takes light away, so the
  // channel it left alone is the one to trust, and a white shirt stays as bright as white.
  const top = Math.max(...tray);
  return tray.map((v) => top / Math.max(v, 1e-4)) as [number, number, number];
}

/** A pixel whose four neighbours are garment too: edges mix in the tray's colour. */
function interior(mask: Uint8Array, p: number, width: number): boolean {
  return mask[p - 1] === 1 && mask[p + 1] === 1 && mask[p - width] === 1 && mask[p + width] === 1;
}

function sample(pixels: number[]): number[] {
  if (pixels.length <= MAX_SAMPLES) return pixels;
  const step = pixels.length / MAX_SAMPLES;
  return Array.from({ length: MAX_SAMPLES }, (_, i) => pixels[Math.floor(i * step)]);
}

const distance = (x: Oklab, y: Oklab) => Math.hypot(x.L - y.L, x.a - y.a, x.b - y.b);
const round = (v: number) => Math.round(v * 100) / 100;

function mean(labs: Oklab[]): Oklab {
  const m = { L: 0, a: 0, b: 0 };
  for (const c of labs) { m.L += c.L; m.a += c.a; m.b += c.b; }
  return { L: m.L / labs.length, a: m.a / labs.length, b: m.b / labs.length };
}

function median(labs: Oklab[]): Oklab {
  const mid = (k: 'L' | 'a' | 'b') => {
    const v = labs.map((c) => c[k]).sort((x, y) => x - y);
    return v[v.length >> 1];
  };
  return { L: mid('L'), a: mid('a'), b: mid('b') };
}

/**
 * The pixels split in two by k-means (k = 2, started from the darkest and lightest), each part
 * then summarised by its median: the larger first. One colour in light and shadow splits too, but
 * into two parts close together, which `mixedDistance` tells apart from two real colours.
 */
function twoColours(labs: Oklab[]): [{ centre: Oklab; share: number }, { centre: Oklab; share: number } | undefined] {
  let lo = labs[0];
  let hi = labs[0];
  for (const c of labs) { if (c.L < lo.L) lo = c; if (c.L > hi.L) hi = c; }
  let centres = [lo, hi];
  let parts: Oklab[][] = [labs, []];
  for (let round = 0; round < 8; round++) {
    parts = [[], []];
    for (const c of labs) parts[distance(c, centres[0]) <= distance(c, centres[1]) ? 0 : 1].push(c);
    if (parts[1].length === 0 || parts[0].length === 0) break;
    centres = parts.map(mean);
  }
  const summary = parts.filter((p) => p.length > 0).map((p) => ({ centre: median(p), share: p.length / labs.length })).sort((x, y) => y.share - x.share);
  return [summary[0], summary[1]];
}
