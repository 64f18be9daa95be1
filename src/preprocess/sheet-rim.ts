// A garment lying on a cloth that the segmentation took in part. The background model is fitted
// to the frame's border; a cloth under the garment lit a little better than the border predicts
// (a white sheet under a jacket, brighter in the middle) passes the grow threshold, so the mask
// holds the garment and a ragged band of cloth around it: in the 28×28, a grey halo the
// product photos never had. Not a rectangle, so nested-tray.ts does not see a sheet. The band
// gives itself away: the mask's rim, and the band inside it, are one even colour close to the
// tray's, unlike the middle. Then that colour is the tray, and the garment is found again inside
// the mask against it.
import { positionOnLine } from '../colour/mixing-line.js';
import type { RgbImage } from './frame.js';
import { nthSmallest } from './nth-smallest.js';
import { erode } from './packed-morphology.js';
import { segment, type Segmentation } from './segment.js';

/** Mask pixels within this many pixels of its edge (a square's half side) are its rim. */
const RIM = 2;
/** The band inside the rim, to this many pixels from the edge: a sheet's piece is wider than a blurred outline. */
const DEEP_RIM = 5;
/** ...so that band must be the sheet's colour too, this share of it at least. */
export const DEEP_SHARE = 0.45;
/** The rim's colour must be this far (RGB distance) from the middle's for two populations... */
export const RIM_CONTRAST = 60;
/** ...and at least this share of the rim within RIM_SPREAD of its median colour: one even cloth, not a garment's varied edge. */
export const RIM_EVEN_SHARE = 0.6;
const RIM_SPREAD = 30;
/** How near the tray's colour the rim must be, as a share of the tray-to-garment contrast, to be the tray taken in. */
const TRAY_RANGE = 0.2;
/** The garment found inside must keep at least this share of the mask, and give up at least 1 − MAX_KEPT of it. */
export const MIN_KEPT = 0.2;
export const MAX_KEPT = 0.95;

/** Medians are taken over at most this many of the pixels, evenly spread: plenty for one colour. */
const MEDIAN_SAMPLES = 400;
const channel = new Float32Array(MEDIAN_SAMPLES);

/** Pixel lists of a mask's parts, reused from frame to frame (frames keep their size): no garbage a frame. */
class Parts {
  readonly inRim: Uint8Array;
  readonly inDeeper: Uint8Array;
  readonly rim: Int32Array;
  readonly deeper: Int32Array;
  readonly middle: Int32Array;
  constructor(readonly size: number) {
    [this.inRim, this.inDeeper] = [new Uint8Array(size), new Uint8Array(size)];
    [this.rim, this.deeper, this.middle] = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
}
let parts = new Parts(0);

/** The per-channel median colour of the first `count` of `pixels` in an RGB array (the frame, or the tray model). */
function median3(data: ArrayLike<number>, pixels: Int32Array, count: number): [number, number, number] {
  const step = Math.max(1, count / MEDIAN_SAMPLES);
  const n = Math.min(MEDIAN_SAMPLES, count);
  return [0, 1, 2].map((c) => {
    for (let i = 0; i < n; i++) channel[i] = data[pixels[Math.floor(i * step)] * 3 + c];
    return nthSmallest(channel.subarray(0, n), n >> 1);
  }) as [number, number, number];
}

/** How many of the first `count` of `pixels` lie within RIM_SPREAD of colour `c`. */
function near(data: Uint8Array, pixels: Int32Array, count: number, c: readonly number[]): number {
  let within = 0;
  for (let i = 0; i < count; i++) {
    const p = pixels[i] * 3;
    const [r, g, b] = [data[p] - c[0], data[p + 1] - c[1], data[p + 2] - c[2]];
    if (r * r + g * g + b * b <= RIM_SPREAD * RIM_SPREAD) within++;
  }
  return within;
}

/** The garment inside `seg`, and the sheet as its background, when the mask's rim is an even cloth unlike its middle. */
export function garmentInsideSheet(img: RgbImage, seg: Segmentation, trayModel: Float32Array): { seg: Segmentation; background: Float32Array } | undefined {
  const { width: w, height: h, data } = img;
  const { mask } = seg;
  if (parts.size !== mask.length) parts = new Parts(mask.length);
  const { inRim, inDeeper, rim, deeper, middle } = parts;
  erode(mask, w, h, RIM, inRim);
  erode(inRim, w, h, DEEP_RIM - RIM, inDeeper);
  let [nRim, nDeeper, nMiddle] = [0, 0, 0];
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    if (!inRim[p]) rim[nRim++] = p;
    else if (!inDeeper[p]) deeper[nDeeper++] = p;
    else middle[nMiddle++] = p;
  }
  if (nRim < 20 || nMiddle < 20) return undefined;
  const sheet = median3(data, rim, nRim);
  const inside = median3(data, middle, nMiddle);
  if (Math.hypot(sheet[0] - inside[0], sheet[1] - inside[1], sheet[2] - inside[2]) < RIM_CONTRAST) return undefined;
  if (near(data, rim, nRim, sheet) < RIM_EVEN_SHARE * nRim) return undefined;
  if (near(data, deeper, nDeeper, sheet) < DEEP_SHARE * nDeeper) return undefined;
  if (!trayTakenIn(sheet, median3(trayModel, rim, nRim), inside)) return undefined;
  // The frame with everything outside the mask painted the sheet's colour: the sheet is the tray now.
  const painted = Uint8Array.from(data);
  for (let p = 0; p < mask.length; p++) if (!mask[p]) painted.set(sheet, p * 3);
  const background = new Float32Array(mask.length * 3);
  for (let p = 0; p < mask.length; p++) background.set(sheet, p * 3);
  const inner = segment({ width: w, height: h, data: painted }, background);
  if (!inner) return undefined;
  const kept = inner.coverage / seg.coverage;
  return kept >= MIN_KEPT && kept <= MAX_KEPT ? { seg: inner, background } : undefined;
}

/**
 * Whether `rim` is the tray's colour as the background model has it there, taken into the mask:
 * near the tray's end of the line from the tray's colour to the garment's, a little beyond it
 * (a cloth lit better than the tray), or a little towards the garment. A blurred outline lies
 * further along the line, and a garment's own contrasting edge (a white T-shirt around a big
 * dark print, on a grey tray) far beyond the tray's end.
 */
function trayTakenIn(rim: readonly number[], tray: readonly number[], garment: readonly number[]): boolean {
  const { along, off, length2 } = positionOnLine(rim, tray, garment);
  if (length2 < 1) return false;
  return along >= -TRAY_RANGE && along <= TRAY_RANGE && off <= TRAY_RANGE * Math.sqrt(length2);
}
