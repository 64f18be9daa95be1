// A garment's colour, measured on the camera frame's pixels inside the garment mask (never the
// 28×28 gray image), corrected for the light by the tray, in OKLab. Robust by construction:
// medians, not means, so shadows in folds and specular highlights move nothing; and the pixels'
// clusters (fabric-colours.ts, own-colours.ts) find garments of two strong colours (stripes, prints) as `mixed`.
import type { RgbImage } from '../preprocess/frame.js';
import { colourName, type ColourName } from './colour-name.js';
import { DEFAULT_GROUP_THRESHOLDS, groupConfidence, groupOf, loadOf, type ColourGroup, type GroupThresholds } from './colour-group.js';
import { fabricColours, typicalColour, type Labs } from './fabric-colours.js';
import { ownColours } from './own-colours.js';
import { hasFinePattern } from './fine-pattern.js';
import { chroma, LINEAR, linearOfLevel, linearToOklab, oklabToLinear, toHex, type Oklab } from './oklab.js';

export type GarmentColour =
  | { group: ColourGroup; name: ColourName; rgb: string; confidence: number; /** The second colour of a mixed garment. */ second?: { name: ColourName; rgb: string; share: number }; /** Its colour changes from pixel to pixel: a pattern finer than the image, blurred into one colour. */ finePattern?: true }
  | { group: 'unknown'; reason: string };

export interface ColourOptions {
  /**
   * `neutral`: the tray is white or grey, so its colour is the light's, which is corrected.
   * `coloured`: it says nothing about the light. `auto`: neutral when it looks it, else coloured.
   */
  tray: 'auto' | 'neutral' | 'coloured';
  /** The empty tray's colour when it was calibrated (linear RGB), if it was. */
  calibratedTray?: [number, number, number];
  /**
   * The tray's own OKLab lightness, when the user knows it (white paper about 0.95, a
   * photographer's 18% grey card 0.565): it fixes the exposure, which a camera's automatic
   * exposure otherwise sets to whatever makes the tray look mid-grey.
   */
  trayLightness?: number;
  thresholds: GroupThresholds;
  /** A second colour must cover at least this share of the garment for `mixed`. */
  mixedShare: number;
  /** …and differ from the first by at least this much (OKLab, lightness counting half). */
  mixedDistance: number;
}

export const DEFAULT_COLOUR_OPTIONS: ColourOptions = { tray: 'auto', thresholds: DEFAULT_GROUP_THRESHOLDS, mixedShare: 0.2, mixedDistance: 0.1 };

/** Fewer garment pixels than this (at the 128 px working size) are too few to judge a colour by. */
export const MIN_PIXELS = 150;
/**
 * When this share of a garment's core looks like the tray, it is the garment's own colour, not
 * the tray through holes: in rendered frames a sandal's or bag's gaps stayed under 40% of its
 * core, and white garments on cream trays went up to 100%.
 */
const MOSTLY_TRAY = 0.5;
/**
 * A tray whose chroma is more than this share of its lightness is not neutral. A light's cast
 * on a grey surface grows with the surface's brightness, so chroma is judged against lightness:
 * a grey tray under a very warm lamp (linear gains 1, 0.65, 0.35) reaches 0.09, while a brown
 * wooden floor (0.14) or a red sheet (0.3) is the surface's own colour, not the light's.
 */
export const NEUTRAL_TRAY_SATURATION = 0.12;
/** A tray's chroma as a share of its lightness, the measure NEUTRAL_TRAY_SATURATION bounds. */
export const traySaturation = (tray: Oklab) => chroma(tray) / Math.max(tray.L, 1e-6);
const MAX_SAMPLES = 2000;
/** Below this OKLab lightness (sRGB about 28 of 255) the tray is too dark to see colours against. */
export const DARK_TRAY = 0.25;

/** Mean linear RGB of the background model where the garment is not: the tray under this light. */
export function trayColour(background: Float32Array, mask: Uint8Array): [number, number, number] {
  // Three sums in locals, not an array: this visits every tray pixel of every frame.
  let r = 0;
  let g = 0;
  let b = 0;
  let n = 0;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p]) continue;
    r += linearOfLevel(background[p * 3]);
    g += linearOfLevel(background[p * 3 + 1]);
    b += linearOfLevel(background[p * 3 + 2]);
    n++;
  }
  return n === 0 ? [1, 1, 1] : [r / n, g / n, b / n];
}

/**
 * `lookForFinePattern`: whether to say so when the colour changes from pixel to pixel (not asked
 * of an image already sharper); `tray`: the tray's colour, when `img` is a crop with little of it.
 */
export function measureColour(img: RgbImage, mask: Uint8Array, background: Float32Array, options: ColourOptions = DEFAULT_COLOUR_OPTIONS, { lookForFinePattern = true, tray: knownTray }: { lookForFinePattern?: boolean; tray?: [number, number, number] } = {}): GarmentColour {
  // Pixel indices, in a typed array: a sharper decode has a hundred thousand of them.
  let pixels = new Int32Array(mask.length);
  let kept = 0;
  let inside = 0;
  let inCore = 0;
  let saturated = 0;
  const d = img.data;
  const inner = erode(mask, img.width);
  // Two pixels in where the garment is big enough: a camera's JPEG keeps colour at half the
  // resolution of brightness, so the tray's colour bleeds a pixel further in than its light.
  const deep = erode(inner, img.width);
  const core = count(deep) >= MIN_PIXELS ? deep : inner;
  for (let p = 0; p < mask.length; p++) {
    if (!inner[p]) continue;
    inside++;
    if (d[p * 3] >= 254 && d[p * 3 + 1] >= 254 && d[p * 3 + 2] >= 254) saturated++;
    if (!core[p]) continue;
    inCore++;
    // Not the tray showing through a hole the mask filled (between legs, straps, a handle).
    if (!looksLikeTray(d, background, p)) pixels[kept++] = p;
  }
  if (inside >= MIN_PIXELS && saturated > inside / 2) return { group: 'unknown', reason: `the frame is overexposed: ${Math.round((saturated / inside) * 100)}% of the garment is pure white; lower the exposure or the light` };
  if (inside < MIN_PIXELS) return { group: 'unknown', reason: `the garment is too small to measure its colour (${inside} pixels inside it, at least ${MIN_PIXELS} needed)` };
  // Tray showing through holes is a part of a garment; when most of it looks like the tray,
  // the garment itself is the tray's colour (a white shirt on a cream tray, found by the
  // segmentation's low noise threshold), and all of it is measured. Left out, its brightest
  // pixels went (white read `light`) and a small logo grew to a fifth of what was left (`mixed`).
  if (kept < MIN_PIXELS || kept < inCore * (1 - MOSTLY_TRAY)) {
    kept = 0;
    for (let p = 0; p < mask.length; p++) if (core[p]) pixels[kept++] = p;
  }
  pixels = pixels.subarray(0, kept);
  const tray = knownTray ?? trayColour(background, mask);
  const trayLab = linearToOklab(...tray);
  if (trayLab.L < DARK_TRAY) return { group: 'unknown', reason: `the frame is underexposed or the tray is dark (its lightness ${trayLab.L.toFixed(2)}, at least ${DARK_TRAY} needed): add light, raise the exposure, or use a white or light grey tray` };
  const balance = whiteBalance(tray, trayLab, options);
  if (typeof balance === 'string') return { group: 'unknown', reason: balance };
  const gains = options.trayLightness ? exposedFor(options.trayLightness, tray, balance) : balance;

  // Each pixel is also divided by the light falling on the tray right there (the background
  // model), relative to the whole tray: a garment in the dim corner reads as it would in the middle.
  const chosen = sample(pixels);
  const labs: Labs = { L: new Float32Array(chosen.length), a: new Float32Array(chosen.length), b: new Float32Array(chosen.length) };
  const linear = new Float32Array(chosen.length * 3);
  chosen.forEach((p, i) => {
    for (let c = 0; c < 3; c++) linear[i * 3 + c] = LINEAR[d[p * 3 + c]] * gains[c] * clampLocal(tray[c] / Math.max(linearOfLevel(background[p * 3 + c]), 1e-4));
    const lab = linearToOklab(linear[i * 3], linear[i * 3 + 1], linear[i * 3 + 2]);
    labs.L[i] = lab.L;
    labs.a[i] = lab.a;
    labs.b[i] = lab.b;
  });
  // The tray as the corrected pixels see it: what a see-through part mixes in.
  const trayLight = tray.map((v, c) => v * gains[c]) as [number, number, number];
  const { colours, parts } = fabricColours(labs);
  const { own, isBlend, shareOf } = ownColours(colours, linear, parts, trayLight);
  const t = options.thresholds;
  const [first, ...rest] = own;
  const loadOfColour = (c: Oklab) => loadOf(groupOf(c.L, chroma(c), t));
  const second = rest.find((c) => !isBlend(c) && shareOf(c) >= options.mixedShare && colourDifference(first.centre, c.centre) >= options.mixedDistance && loadOfColour(c.centre) !== loadOfColour(first.centre));
  if (second) return mixed(first.centre, second.centre, shareOf(second));
  const whole = typicalColour(labs, parts, own.map((c) => c.part));
  // A pattern finer than this image (gingham, pinstripes) blurs into one colour here: said, so
  // that the caller can measure again on a sharper decode (preprocess/sharper-colour.ts).
  const finePattern = (lookForFinePattern && hasFinePattern(d, img.width, maskOf(pixels, mask.length))) || undefined;
  return { group: groupOf(whole.L, chroma(whole), t), name: colourName(whole), rgb: toHex(oklabToLinear(whole)), confidence: round(groupConfidence(whole, t)), ...(finePattern && { finePattern }) };
}

function mixed(first: Oklab, second: Oklab, share: number): GarmentColour {
  return { group: 'mixed', name: colourName(first), rgb: toHex(oklabToLinear(first)), confidence: round(Math.min(1, share / 0.5)), second: { name: colourName(second), rgb: toHex(oklabToLinear(second)), share: round(share) } };
}

function maskOf(pixels: Int32Array, length: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (const p of pixels) mask[p] = 1;
  return mask;
}

/**
 * Gains per channel (linear light) that make the light white. A neutral tray is grey under
 * white light, so whatever colour it has is the light's. A coloured tray says nothing about the
 * light, except how it changed since calibration, when the tray was recorded.
 */
function whiteBalance(tray: [number, number, number], trayLab: Oklab, options: ColourOptions): [number, number, number] | string {
  const neutral = traySaturation(trayLab) <= NEUTRAL_TRAY_SATURATION;
  if (options.tray === 'coloured' || (options.tray === 'auto' && !neutral)) {
    const was = options.calibratedTray;
    return was ? (tray.map((v, c) => was[c] / Math.max(v, 1e-4)) as [number, number, number]) : [1, 1, 1];
  }
  if (!neutral) {
    return `the tray looks coloured (${toHex(tray)}), but colour.tray says neutral; use a white or grey tray, or set colour.tray: coloured and calibrate`;
  }
  // The light now: the light at calibration, changed as the tray changed since; uncalibrated,
  // the tray's tint. Either way no bluer than daylight (lightOf).
  const was = options.calibratedTray;
  const light = was ? calibrationLight(was).map((v, c) => (v * tray[c]) / Math.max(was[c], 1e-6)) : lightOf(tray);
  // Scaled to the light's brightest channel: a tinted light only takes light away, so the
  // channel it left alone is the one to trust, and a white shirt stays as bright as white.
  const top = Math.max(...light);
  const balanced = light.map((v) => top / Math.max(v, 1e-4)) as [number, number, number];
  // Calibrated: the tray's brightness then, against now, undoes a dimmer or brighter light too.
  const exposure = was ? luminance(was) / Math.max(luminance(tray.map((v, c) => v * balanced[c]) as [number, number, number]), 1e-4) : 1;
  return balanced.map((g) => g * exposure) as [number, number, number];
}

/**
 * The factor on linear light that takes a surface seen at OKLab lightness `seen` to `lightness`:
 * scaling linear light by k scales OKLab's L by the cube root of k, for every colour.
 */
export const exposureScale = (lightness: number, seen: number) => (lightness / Math.max(seen, 1e-4)) ** 3;

/** `gains` scaled so that the tray, corrected by them, has lightness `lightness`: one factor does it. */
function exposedFor(lightness: number, tray: [number, number, number], gains: [number, number, number]): [number, number, number] {
  const k = exposureScale(lightness, linearToOklab(tray[0] * gains[0], tray[1] * gains[1], tray[2] * gains[2]).L);
  return gains.map((g) => g * k) as [number, number, number];
}

/**
 * The light's colour, judged from a neutral-looking tray's (linear RGB): the tray's own, except
 * that lamps and daylight run from warm (about 2700 K) to daylight white, and a camera balances
 * for the rest. So a tray's blue beyond neutral is its own (a slate, a blue-grey plastic), not
 * the light's: taken for the light's, it was taken out of every garment, and white shirts on a
 * slate read cream (`light`). A warm or a green–magenta cast is the light's, and corrected.
 */
function lightOf(tray: readonly number[]): [number, number, number] {
  const lab = linearToOklab(tray[0], tray[1], tray[2]);
  return lab.b >= 0 ? [tray[0], tray[1], tray[2]] : oklabToLinear({ ...lab, b: 0 });
}

/**
 * A tint this strong (chroma against lightness) on a tray taken as neutral moves a white
 * garment's chroma by about as much when it is corrected away, and `white` allows 0.035.
 */
export const VISIBLE_TINT = 0.03;

/**
 * The light at calibration, from the calibrated tray: as lightOf(), except that a tint too faint
 * to see is the tray's own (cream card, off-white plastic), not the light's. Read as the light's,
 * a cream tray's tint was taken out of every garment later, and bluish whites read `light`; left
 * alone when it was a near-white light's, it moves a white garment by less than `white` allows.
 * Any change of light after calibration is still corrected in full.
 */
function calibrationLight(tray: readonly number[]): [number, number, number] {
  const lab = linearToOklab(tray[0], tray[1], tray[2]);
  if (traySaturation(lab) > VISIBLE_TINT) return lightOf(tray);
  const grey = oklabToLinear({ L: lab.L, a: 0, b: 0 });
  return [grey[0], grey[1], grey[2]];
}

/** The pixels whose four neighbours are garment too: edges mix in the tray's colour. */
export function erode(mask: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let p = width; p < mask.length - width; p++) {
    out[p] = mask[p] && mask[p - 1] && mask[p + 1] && mask[p - width] && mask[p + width] ? 1 : 0;
  }
  return out;
}

function count(mask: Uint8Array): number {
  let n = 0;
  for (let p = 0; p < mask.length; p++) n += mask[p];
  return n;
}

function sample(pixels: Int32Array): Int32Array {
  if (pixels.length <= MAX_SAMPLES) return pixels;
  const step = pixels.length / MAX_SAMPLES;
  const chosen = new Int32Array(MAX_SAMPLES);
  for (let i = 0; i < MAX_SAMPLES; i++) chosen[i] = pixels[Math.floor(i * step)];
  return chosen;
}

/**
 * How different two colours of one garment are, with lightness counting half: one colour in
 * light and in shadow differs mostly in lightness, two colours in hue and chroma too.
 */
export const colourDifference = (x: Oklab, y: Oklab) => Math.hypot((x.L - y.L) / 2, x.a - y.a, x.b - y.b);
const luminance = ([r, g, b]: [number, number, number]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
/** Within this RGB distance of the background model, a pixel inside the mask is the tray. */
const TRAY_DISTANCE = 18;
function looksLikeTray(data: Uint8Array, background: Float32Array, p: number): boolean {
  const dr = data[p * 3] - background[p * 3];
  const dg = data[p * 3 + 1] - background[p * 3 + 1];
  const db = data[p * 3 + 2] - background[p * 3 + 2];
  return dr * dr + dg * dg + db * db < TRAY_DISTANCE * TRAY_DISTANCE;
}
/**
 * How much brighter or dimmer the light under the garment may be than the tray's average. Without
 * a reference frame the background under the garment is a surface fitted to the frame's border
 * and extrapolated inwards, which can overshoot (a red sheet's fit doubled its red under a white
 * shirt, reading it grey); vignetting and a lamp's fall-off across a tray stay within a third.
 */
const LOCAL_LIGHT_RANGE = 1.33;
const clampLocal = (v: number) => Math.min(LOCAL_LIGHT_RANGE, Math.max(1 / LOCAL_LIGHT_RANGE, v));
const round = (v: number) => Math.round(v * 100) / 100;

