// Separates the garment from the tray: colour distance to the background, a threshold chosen
// per frame (Otsu), clean-up, and the largest connected region with its holes filled.
import { traySaturation } from '../colour/measure-colour.js';
import { linearOfLevel, linearToOklab } from '../colour/oklab.js';
import type { RgbImage } from './frame.js';
import { nthSmallest } from './nth-smallest.js';
import { nearestShade } from './tray-texture.js';
import { openOrClose } from './packed-morphology.js';

export interface Segmentation {
  mask: Uint8Array;
  box: { x: number; y: number; width: number; height: number };
  /** Share of the working image the garment covers. */
  coverage: number;
  threshold: number;
}

/** Below this colour distance (0–441) nothing seeds a garment, however the histogram splits... */
export const MIN_THRESHOLD = 28;
/**
 * ...unless the empty tray is this many times quieter: a seed then needs only this multiple of
 * the tray's own noise (as a radar's constant-false-alarm-rate detector scales its threshold
 * with the clutter), so a white shirt on an evenly lit white tray, 10–20 levels from it, is
 * found on a clean camera. Real photos' trays vary by 3–26 levels, which keeps them at 28.
 */
export const SEED_NOISE_FACTOR = 10;
/** The lowest seed threshold however quiet the tray: JPEG and the background fit leave a few levels. */
export const MIN_SEED_THRESHOLD = 6;
/** The grow threshold never goes below this, nor below a few times the tray's own noise. */
export const MIN_GROW_THRESHOLD = 10;
/** A region smaller than this share of the tray is a crumb or noise, not a garment. */
export const MIN_COVERAGE = 0.015;

/**
 * Working buffers, reused from frame to frame: frames keep their size, and allocating a dozen
 * arrays a frame cost as much as the work done in them (and fed the garbage collector, whose
 * pauses showed in the loop's worst latencies). Everything here is used within one synchronous
 * call, so one set per size is enough.
 */
class Buffers {
  readonly raw: Float32Array;
  readonly rows: Float32Array;
  readonly blurred: Float32Array;
  readonly masks: [Uint8Array, Uint8Array, Uint8Array];
  readonly labels: Int32Array;
  readonly stack: Int32Array;
  readonly shade: Uint8Array;

  constructor(readonly size: number) {
    this.raw = new Float32Array(size);
    this.rows = new Float32Array(size);
    this.blurred = new Float32Array(size);
    this.masks = [new Uint8Array(size), new Uint8Array(size), new Uint8Array(size)];
    this.labels = new Int32Array(size);
    this.stack = new Int32Array(size);
    this.shade = new Uint8Array(size);
  }

  /** The label array, cleared: each flood-fill pass starts from nothing labelled. */
  clearedLabels(): Int32Array {
    this.labels.fill(0);
    return this.labels;
  }
}

let buffers = new Buffers(0);
const buffersFor = (size: number) => (buffers.size === size ? buffers : (buffers = new Buffers(size)));

/**
 * Blurred colour distance from the background, or from the nearest of the tray's own texture
 * shades (tray-texture.ts: offsets from it, 3 per shade) when it has them; valid until the next frame.
 */
export function colourDistance(img: RgbImage, background: Float32Array, textures?: Float32Array): Float32Array {
  const n = img.width * img.height;
  const b = buffersFor(n);
  const d = b.raw;
  const data = img.data;
  for (let i = 0, c = 0; i < n; i++, c += 3) {
    const red = data[c] - background[c];
    const green = data[c + 1] - background[c + 1];
    const blue = data[c + 2] - background[c + 2];
    const own = red * red + green * green + blue * blue;
    d[i] = Math.sqrt(textures ? Math.min(own, nearestShade(red, green, blue, textures)) : own);
  }
  return boxBlur(d, img.width, img.height, b.rows, b.blurred);
}

/** 3×3 mean, separable: tray texture (wood grain, carpet, sensor noise) averages out, garment edges stay. */
function boxBlur(src: Float32Array, w: number, h: number, rows: Float32Array, out: Float32Array): Float32Array {
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const l = x > 0 ? src[o + x - 1] : src[o + x];
      const r = x < w - 1 ? src[o + x + 1] : src[o + x];
      rows[o + x] = (l + src[o + x] + r) / 3;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = y > 0 ? (y - 1) * w : y * w;
    const down = y < h - 1 ? (y + 1) * w : y * w;
    for (let x = 0; x < w; x++) out[y * w + x] = (rows[up + x] + rows[y * w + x] + rows[down + x]) / 3;
  }
  return out;
}

/** Otsu's threshold over 0..442 in 256 bins. */
export function otsu(values: Float32Array): number {
  const bins = 256;
  const scale = bins / 442;
  const hist = new Float64Array(bins);
  for (let i = 0; i < values.length; i++) hist[Math.min(bins - 1, Math.floor(values[i] * scale))]++;
  let total = 0;
  for (let i = 0; i < bins; i++) total += i * hist[i];
  let below = 0;
  let belowSum = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < bins; t++) {
    below += hist[t];
    belowSum += t * hist[t];
    const above = values.length - below;
    if (below === 0 || above === 0) continue;
    const between = below * above * (belowSum / below - (total - belowSum) / above) ** 2;
    if (between > bestVar) { bestVar = between; best = t; }
  }
  return (best + 1) / scale;
}

/** Marks the 4-connected region of `value` around `start` with `label`; returns its size. */
function flood(mask: Uint8Array, w: number, h: number, value: number, start: number, labels: Int32Array, label: number, stack: Int32Array): number {
  let top = 0;
  let size = 0;
  stack[top++] = start;
  labels[start] = label;
  while (top > 0) {
    const p = stack[--top];
    size++;
    const x = p % w;
    if (x > 0 && labels[p - 1] === 0 && mask[p - 1] === value) { labels[p - 1] = label; stack[top++] = p - 1; }
    if (x < w - 1 && labels[p + 1] === 0 && mask[p + 1] === value) { labels[p + 1] = label; stack[top++] = p + 1; }
    if (p >= w && labels[p - w] === 0 && mask[p - w] === value) { labels[p - w] = label; stack[top++] = p - w; }
    if (p < w * (h - 1) && labels[p + w] === 0 && mask[p + w] === value) { labels[p + w] = label; stack[top++] = p + w; }
  }
  return size;
}

/** Keeps only the largest 4-connected region of `mask`, in place. */
function keepLargestRegion(mask: Uint8Array, w: number, h: number, labels: Int32Array, stack: Int32Array): void {
  let next = 1;
  let best = 0;
  let bestSize = 0;
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] && labels[p] === 0) {
      const size = flood(mask, w, h, 1, p, labels, next, stack);
      if (size > bestSize) { bestSize = size; best = next; }
      next++;
    }
  }
  for (let p = 0; p < mask.length; p++) mask[p] = best > 0 && labels[p] === best ? 1 : 0;
}

/** Background is whatever 0-region touches the border; every other 0-pixel is a hole (a print, a button) and becomes garment. */
function fillHoles(mask: Uint8Array, w: number, h: number, labels: Int32Array, stack: Int32Array): Uint8Array {
  const OUTSIDE = 1;
  const fromBorder = (p: number) => { if (!mask[p] && labels[p] === 0) flood(mask, w, h, 0, p, labels, OUTSIDE, stack); };
  for (let x = 0; x < w; x++) { fromBorder(x); fromBorder((h - 1) * w + x); }
  for (let y = 1; y < h - 1; y++) { fromBorder(y * w); fromBorder(y * w + w - 1); }
  const out = new Uint8Array(mask.length);
  for (let p = 0; p < out.length; p++) out[p] = labels[p] === OUTSIDE ? 0 : 1;
  return out;
}

/** Median colour distance along the frame's edge: how much the empty tray itself varies. */
function trayNoise(distance: Float32Array, w: number, h: number, edge: Float32Array): number {
  let k = 0;
  for (let x = 0; x < w; x++) { edge[k++] = distance[x]; edge[k++] = distance[(h - 1) * w + x]; }
  for (let y = 0; y < h; y++) { edge[k++] = distance[y * w]; edge[k++] = distance[y * w + w - 1]; }
  return nthSmallest(edge.subarray(0, k), k >> 1);
}

/**
 * Hysteresis, as in Canny's edge detector: pixels clearly unlike the tray (above Otsu's
 * threshold) seed the garment, and it grows through pixels merely unlike it (above the grow
 * threshold). A pale garment on a pale tray is then one piece, not its darkest stripe.
 */
function hysteresis(distance: Float32Array, w: number, h: number, high: number, low: number, b: Buffers, shade?: Uint8Array): Uint8Array {
  const [out, weak, seeds] = b.masks;
  for (let p = 0; p < weak.length; p++) weak[p] = distance[p] > low && !(shade && shade[p]) ? 1 : 0;
  for (let p = 0; p < seeds.length; p++) seeds[p] = distance[p] > high && !(shade && shade[p]) ? 1 : 0;
  openOrClose(seeds, w, h, true); // specks seed nothing
  const labels = b.clearedLabels();
  for (let p = 0; p < seeds.length; p++) if (seeds[p] && !labels[p]) flood(weak, w, h, 1, p, labels, 1, b.stack);
  for (let p = 0; p < out.length; p++) out[p] = labels[p] ? 1 : 0;
  return out;
}

/** A tray with at least this chroma (max − min of its RGB, 0–255) has a hue its shadows keep... */
export const SHADE_MIN_CHROMA = 60;
/**
 * ...if that hue is the tray's own and not a warm lamp's: a light tray under a warm lamp
 * reaches an RGB chroma of 60 too, and there a white garment has the tray's hue and was taken
 * for the tray in shade (most white garments on light trays under warm light were lost). Its
 * OKLab chroma over lightness, the measure the colour module judges trays by, stays below
 * this (0.075 at the benches' warmest light, about 3000 K); the coloured trays measured are
 * 0.11 (brown) to 0.36 (red sheets).
 */
export const SHADE_MIN_SATURATION = 0.09;
/** How far (radians) a pixel's colour may point from the tray's and still be the tray in shade. */
const SHADE_ANGLE = 0.12;
/** How much darker or lighter than the tray its folds and shadows are; a navy garment on a pale blue sheet is darker still. */
const SHADE_LIGHT = [0.5, 1.3];
/** The tray's colour is judged from every this-many-th pixel of the background model: it is smooth. */
const CHROMA_STRIDE = 97;

/**
 * Pixels that are the tray's own colour, only darker or lighter: folds and shadows in a
 * coloured sheet. Their colour points the same way as the tray's in RGB; a garment's does not
 * (unless it is the tray's colour, and then no segmentation can see it). Undefined for a
 * neutral tray, where a grey garment and a shadow point the same way and cannot be told apart.
 */
function trayShade(img: RgbImage, background: Float32Array, b: Buffers): Uint8Array | undefined {
  const n = img.width * img.height;
  let chroma = 0;
  const mean = [0, 0, 0];
  for (let i = 0; i < n; i += CHROMA_STRIDE) {
    const [r, g, bl] = [background[i * 3], background[i * 3 + 1], background[i * 3 + 2]];
    chroma += Math.max(r, g, bl) - Math.min(r, g, bl);
    mean[0] += linearOfLevel(r); mean[1] += linearOfLevel(g); mean[2] += linearOfLevel(bl);
  }
  if (chroma / Math.ceil(n / CHROMA_STRIDE) < SHADE_MIN_CHROMA) return undefined;
  // Saturation is a ratio, the same for any brightness: the sum serves as the mean.
  if (traySaturation(linearToOklab(mean[0], mean[1], mean[2])) < SHADE_MIN_SATURATION) return undefined;
  const shade = b.shade;
  const cosLimit = Math.cos(SHADE_ANGLE);
  for (let i = 0, c = 0; i < n; i++, c += 3) {
    const [r, g, bl] = [img.data[c], img.data[c + 1], img.data[c + 2]];
    const [tr, tg, tb] = [background[c], background[c + 1], background[c + 2]];
    const dot = r * tr + g * tg + bl * tb;
    const own = r * r + g * g + bl * bl;
    const tray = tr * tr + tg * tg + tb * tb;
    const light = Math.sqrt(own / tray);
    shade[i] = tray > 0 && light >= SHADE_LIGHT[0] && light <= SHADE_LIGHT[1] && dot >= cosLimit * Math.sqrt(own * tray) ? 1 : 0;
  }
  return shade;
}

export function segment(img: RgbImage, background: Float32Array, textures?: Float32Array): Segmentation | undefined {
  const { width: w, height: h } = img;
  const distance = colourDistance(img, background, textures);
  const b = buffersFor(w * h);
  const noise = trayNoise(distance, w, h, b.raw); // raw is free once blurred into distance
  const floor = Math.max(MIN_SEED_THRESHOLD, Math.min(MIN_THRESHOLD, SEED_NOISE_FACTOR * noise));
  const threshold = Math.max(floor, otsu(distance));
  const grow = Math.min(threshold, Math.max(MIN_GROW_THRESHOLD, Math.min(threshold * 0.5, 4 * noise)));
  const found = hysteresis(distance, w, h, threshold, grow, b, trayShade(img, background, b));
  openOrClose(found, w, h, true); // drop specks
  openOrClose(found, w, h, false); // bridge thin gaps
  keepLargestRegion(found, w, h, b.clearedLabels(), b.stack);
  const mask = fillHoles(found, w, h, b.clearedLabels(), b.stack);
  let count = 0;
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p++) {
      if (!mask[p]) continue;
      count++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  const coverage = count / mask.length;
  if (coverage < MIN_COVERAGE) return undefined;
  return { mask, box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }, coverage, threshold };
}
