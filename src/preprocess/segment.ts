// Separates the garment from the tray: colour distance to the background, a threshold chosen
// per frame (Otsu), clean-up, and the largest connected region with its holes filled.
import type { RgbImage } from './frame.js';

export interface Segmentation {
  mask: Uint8Array;
  box: { x: number; y: number; width: number; height: number };
  /** Share of the working image the garment covers. */
  coverage: number;
  threshold: number;
}

/** Below this colour distance (0–441) nothing seeds a garment, however the histogram splits. */
export const MIN_THRESHOLD = 28;
/** The grow threshold never goes below this, nor below a few times the tray's own noise. */
export const MIN_GROW_THRESHOLD = 10;
/** A region smaller than this share of the tray is a crumb or noise, not a garment. */
export const MIN_COVERAGE = 0.015;

export function colourDistance(img: RgbImage, background: Float32Array): Float32Array {
  const n = img.width * img.height;
  const d = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const r = img.data[i * 3] - background[i * 3];
    const g = img.data[i * 3 + 1] - background[i * 3 + 1];
    const b = img.data[i * 3 + 2] - background[i * 3 + 2];
    d[i] = Math.sqrt(r * r + g * g + b * b);
  }
  return boxBlur(d, img.width, img.height);
}

/** 3×3 mean, separable: tray texture (wood grain, carpet, sensor noise) averages out, garment edges stay. */
function boxBlur(src: Float32Array, w: number, h: number): Float32Array {
  const rows = new Float32Array(src.length);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const l = x > 0 ? src[o + x - 1] : src[o + x];
      const r = x < w - 1 ? src[o + x + 1] : src[o + x];
      rows[o + x] = (l + src[o + x] + r) / 3;
    }
  }
  const out = new Float32Array(src.length);
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

/** 3×3 erosion (keep a pixel only if all neighbours are set) or dilation (if any is), done separably. */
function morph(mask: Uint8Array, w: number, h: number, erode: boolean): Uint8Array {
  // On 0/1 values, erosion is a 3-way minimum and dilation a 3-way maximum: min(a,b,c) = a&b&c.
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    for (let x = 0; x < w; x++) {
      const a = mask[o + (x > 0 ? x - 1 : x)];
      const c = mask[o + (x < w - 1 ? x + 1 : x)];
      rows[o + x] = erode ? a & mask[o + x] & c : a | mask[o + x] | c;
    }
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < h; y++) {
    const up = (y > 0 ? y - 1 : y) * w;
    const down = (y < h - 1 ? y + 1 : y) * w;
    const o = y * w;
    for (let x = 0; x < w; x++) out[o + x] = erode ? rows[up + x] & rows[o + x] & rows[down + x] : rows[up + x] | rows[o + x] | rows[down + x];
  }
  return out;
}

const erode = (m: Uint8Array, w: number, h: number) => morph(m, w, h, true);
const dilate = (m: Uint8Array, w: number, h: number) => morph(m, w, h, false);

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

function largestRegion(mask: Uint8Array, w: number, h: number): Uint8Array {
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
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
  const out = new Uint8Array(mask.length);
  if (best > 0) for (let p = 0; p < out.length; p++) out[p] = labels[p] === best ? 1 : 0;
  return out;
}

/** Background is whatever 0-region touches the border; every other 0-pixel is a hole (a print, a button) and becomes garment. */
function fillHoles(mask: Uint8Array, w: number, h: number): Uint8Array {
  const labels = new Int32Array(mask.length);
  const stack = new Int32Array(mask.length);
  const OUTSIDE = 1;
  for (let p = 0; p < mask.length; p++) {
    const x = p % w;
    const border = x === 0 || x === w - 1 || p < w || p >= w * (h - 1);
    if (border && !mask[p] && labels[p] === 0) flood(mask, w, h, 0, p, labels, OUTSIDE, stack);
  }
  const out = new Uint8Array(mask.length);
  for (let p = 0; p < out.length; p++) out[p] = labels[p] === OUTSIDE ? 0 : 1;
  return out;
}

/** Median colour distance along the frame's edge: how much the empty tray itself varies. */
function trayNoise(distance: Float32Array, w: number, h: number): number {
  const edge = new Float32Array(2 * (w + h));
  let k = 0;
  for (let x = 0; x < w; x++) { edge[k++] = distance[x]; edge[k++] = distance[(h - 1) * w + x]; }
  for (let y = 0; y < h; y++) { edge[k++] = distance[y * w]; edge[k++] = distance[y * w + w - 1]; }
  edge.sort(); // typed-array sort is numeric, and far cheaper than sorting boxed numbers
  return edge[edge.length >> 1];
}

/**
 * Hysteresis, as in Canny's edge detector: pixels clearly unlike the tray (above Otsu's
 * threshold) seed the garment, and it grows through pixels merely unlike it (above the grow
 * threshold). A pale garment on a pale tray is then one piece, not its darkest stripe.
 */
function hysteresis(distance: Float32Array, w: number, h: number, high: number, low: number): Uint8Array {
  const weak = new Uint8Array(distance.length);
  for (let p = 0; p < weak.length; p++) weak[p] = distance[p] > low ? 1 : 0;
  let seeds: Uint8Array = new Uint8Array(distance.length);
  for (let p = 0; p < seeds.length; p++) seeds[p] = distance[p] > high ? 1 : 0;
  seeds = dilate(erode(seeds, w, h), w, h); // open: specks seed nothing
  const labels = new Int32Array(distance.length);
  const stack = new Int32Array(distance.length);
  for (let p = 0; p < seeds.length; p++) if (seeds[p] && !labels[p]) flood(weak, w, h, 1, p, labels, 1, stack);
  const out = new Uint8Array(distance.length);
  for (let p = 0; p < out.length; p++) out[p] = labels[p] ? 1 : 0;
  return out;
}

export function segment(img: RgbImage, background: Float32Array): Segmentation | undefined {
  const { width: w, height: h } = img;
  const distance = colourDistance(img, background);
  const threshold = Math.max(MIN_THRESHOLD, otsu(distance));
  const grow = Math.min(threshold, Math.max(MIN_GROW_THRESHOLD, Math.min(threshold * 0.5, 4 * trayNoise(distance, w, h))));
  let mask = hysteresis(distance, w, h, threshold, grow);
  mask = dilate(erode(mask, w, h), w, h); // open: drop specks
  mask = erode(dilate(mask, w, h), w, h); // close: bridge thin gaps
  mask = fillHoles(largestRegion(mask, w, h), w, h);
  let count = 0;
  let [x0, y0, x1, y1] = [w, h, -1, -1];
  for (let p = 0; p < mask.length; p++) {
    if (!mask[p]) continue;
    count++;
    const x = p % w;
    const y = (p - x) / w;
    x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
  }
  const coverage = count / mask.length;
  if (coverage < MIN_COVERAGE) return undefined;
  return { mask, box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 }, coverage, threshold };
}
