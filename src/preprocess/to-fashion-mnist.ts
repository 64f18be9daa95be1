// The garment, cut out, turned into a 28×28 image the way Fashion-MNIST's were made from
// product photos: trim to the garment, longest edge to 28, centre on a 28×28 canvas, negate,
// 8-bit gray, sharpen lightly. Fashion-MNIST garments are bright on black because the product
// photos had white backgrounds; here the mask does that job whatever colour the tray is.
import { IMAGE_SIZE } from '../dataset/classes.js';
import type { RgbImage } from './frame.js';
import type { Segmentation } from './segment.js';
import { boxAbove, turnMap, type Box } from '../pose/turn-map.js';

/** The dimmest a garment pixel may be, so a white shirt (dark once negated) still has a shape. */
export const GARMENT_FLOOR = 30;

/** Darkness is histogrammed up to this (a garment 4× the tray's contrast): wide enough that a white shirt on a dark-red sheet does not pile up in one bin. */
const DARKNESS_RANGE = 1024;
/** The share of garment pixels at each end left out of the stretch: folds' deepest shadow and the outline's blend with the tray. */
export const STRETCH_TAIL = 0.01;

/** The p-quantile of values in [0, DARKNESS_RANGE) from their histogram (no sorting). */
function quantile(histogram: Uint32Array, total: number, p: number): number {
  const target = Math.min(total - 1, Math.floor(p * total));
  let seen = 0;
  for (let v = 0; v < histogram.length; v++) {
    seen += histogram[v];
    if (seen > target) return v;
  }
  return histogram.length - 1;
}

/**
 * How different from the tray each garment pixel is, relative to the tray's brightness right
 * there: Fashion-MNIST's "negate" for a product photo on white, made independent of uneven
 * light. Then stretched from the inside's 1st to its 99th percentile onto GARMENT_FLOOR..255: a
 * light garment on a light tray differs from it only a little, a white one on a coloured sheet
 * a lot but evenly, and either way the stretch keeps its collar, seams and folds apart instead
 * of one flat level. The difference is unsigned: keeping the sign (so a light garment's folds
 * come out bright, as in a product photo) was measured and classified light garments on
 * coloured trays worse, 70% against 83% (docs/pose.md).
 */
export function garmentIntensity(img: RgbImage, seg: Segmentation, background: Float32Array): Float32Array {
  const n = img.width * img.height;
  const darkness = new Float32Array(n);
  const histogram = new Uint32Array(DARKNESS_RANGE);
  let total = 0;
  const w = img.width;
  const { mask } = seg;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    const gray = 0.299 * img.data[i * 3] + 0.587 * img.data[i * 3 + 1] + 0.114 * img.data[i * 3 + 2];
    const tray = Math.max(1, 0.299 * background[i * 3] + 0.587 * background[i * 3 + 1] + 0.114 * background[i * 3 + 2]);
    darkness[i] = Math.abs(tray - gray) / tray * 255;
    // The stretch is set by the inside only: outline pixels are part tray, and on a white
    // garment they alone would fill the low end and squash the inside into one level.
    if (!inside(mask, i, w, n)) continue;
    histogram[Math.min(DARKNESS_RANGE - 1, Math.round(darkness[i]))]++;
    total++;
  }
  if (total === 0) return flatGarment(mask, n);
  const low = quantile(histogram, total, STRETCH_TAIL);
  const top = Math.max(low + 1, quantile(histogram, total, 1 - STRETCH_TAIL));
  const middle = quantile(histogram, total, 0.5);
  const span = 255 - GARMENT_FLOOR;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (!mask[i]) continue;
    // The outline is part tray, and no brighter than the garment's middle: a garment's edge
    // against a contrasting tray would otherwise shine as a rim the product photos never had.
    const d = inside(mask, i, w, n) ? darkness[i] : Math.min(darkness[i], middle);
    out[i] = Math.max(GARMENT_FLOOR, Math.min(255, GARMENT_FLOOR + ((d - low) / (top - low)) * span));
  }
  return out;
}

/**
 * Two pixels in from the mask's edge every way: the segmentation's mask runs a pixel or two
 * past the garment (blur and the grow threshold), and those pixels are part tray.
 */
function inside(mask: Uint8Array, i: number, w: number, n: number): boolean {
  const x = i % w;
  return i >= 2 * w && i < n - 2 * w && x >= 2 && x < w - 2
    && mask[i - 2] === 1 && mask[i + 2] === 1 && mask[i - 2 * w] === 1 && mask[i + 2 * w] === 1
    && mask[i - 1] === 1 && mask[i + 1] === 1 && mask[i - w] === 1 && mask[i + w] === 1;
}

/** A mask with no inside (a thread): all of it at full brightness. */
function flatGarment(mask: Uint8Array, n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) if (mask[i]) out[i] = 255;
  return out;
}

/** Area-average resampling of the box into `outW`×`outH` (every source pixel counts, like a camera sensor). */
function resampleBox(src: Float32Array, srcW: number, box: Box, outW: number, outH: number): Float32Array {
  const out = new Float32Array(outW * outH);
  const sx = box.width / outW;
  const sy = box.height / outH;
  for (let oy = 0; oy < outH; oy++) {
    const y0 = box.y + oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < outW; ox++) {
      const x0 = box.x + ox * sx;
      const x1 = x0 + sx;
      let sum = 0;
      let area = 0;
      for (let y = Math.floor(y0); y < Math.ceil(y1); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        for (let x = Math.floor(x0); x < Math.ceil(x1); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          sum += src[y * srcW + x] * wx * wy;
          area += wx * wy;
        }
      }
      out[oy * outW + ox] = area > 0 ? sum / area : 0;
    }
  }
  return out;
}

/** Unsharp mask with a 3×3 Gaussian (σ≈1): "sharpening … with increasing effect near outlines". */
function sharpen(img: Float32Array, size: number, amount: number): Float32Array {
  const k = [1, 2, 1, 2, 4, 2, 1, 2, 1];
  const out = new Float32Array(img.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let blur = 0;
      let weight = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || yy >= size || xx < 0 || xx >= size) continue;
          const w = k[(dy + 1) * 3 + dx + 1];
          blur += img[yy * size + xx] * w;
          weight += w;
        }
      }
      const v = img[y * size + x];
      out[y * size + x] = v === 0 ? 0 : v + amount * (v - blur / weight);
    }
  }
  return out;
}

export interface FashionMnistOptions {
  /** Degrees to turn the garment, counter-clockwise, before trimming (its pose: src/pose). */
  turn?: number;
  sharpen?: number;
}

/** Below this, a turned map's pixel is the bilinear blur of the outline with the tray, not garment. */
const TURNED_EDGE = GARMENT_FLOOR / 2;

export function toFashionMnist(img: RgbImage, seg: Segmentation, background: Float32Array, options: FashionMnistOptions = {}): Uint8Array {
  let intensity = garmentIntensity(img, seg, background);
  let width = img.width;
  let box = seg.box;
  if (options.turn) {
    const turned = turnMap(intensity, img.width, img.height, seg.box, options.turn);
    const inside = boxAbove(turned.map, turned.width, turned.height, TURNED_EDGE);
    if (inside) ({ map: intensity, width } = turned), (box = inside);
  }
  const scale = IMAGE_SIZE / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const small = resampleBox(intensity, width, box, w, h);
  const canvas = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  const left = Math.floor((IMAGE_SIZE - w) / 2);
  const top = Math.floor((IMAGE_SIZE - h) / 2);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) canvas[(top + y) * IMAGE_SIZE + left + x] = small[y * w + x];
  const sharp = sharpen(canvas, IMAGE_SIZE, options.sharpen ?? 0.4);
  const bytes = new Uint8Array(sharp.length);
  for (let i = 0; i < sharp.length; i++) bytes[i] = Math.round(Math.min(255, Math.max(0, sharp[i])));
  return bytes;
}
