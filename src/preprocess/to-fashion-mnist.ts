// The garment, cut out, turned into a 28×28 image the way Fashion-MNIST's were made from
// product photos: trim to the garment, longest edge to 28, centre on a 28×28 canvas, negate,
// 8-bit gray, sharpen lightly. Fashion-MNIST garments are bright on black because the product
// photos had white backgrounds; here the mask does that job whatever colour the tray is.
import { IMAGE_SIZE } from '../dataset/classes.js';
import type { RgbImage } from './frame.js';
import type { Segmentation } from './segment.js';

/** The dimmest a garment pixel may be, so a white shirt (dark once negated) still has a shape. */
export const GARMENT_FLOOR = 30;

/** The p-quantile of byte-range values from their 256-bin histogram (no sorting). */
function quantile(histogram: Uint32Array, total: number, p: number): number {
  const target = Math.min(total - 1, Math.floor(p * total));
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += histogram[v];
    if (seen > target) return v;
  }
  return 255;
}

/**
 * How much darker than the tray each garment pixel is, relative to the tray's brightness
 * right there: Fashion-MNIST's "negate" for a product photo on white, made independent of
 * uneven light. Scaled so the darkest garment part is near 255, never below GARMENT_FLOOR.
 */
export function garmentIntensity(img: RgbImage, seg: Segmentation, background: Float32Array): Float32Array {
  const n = img.width * img.height;
  const darkness = new Float32Array(n);
  const histogram = new Uint32Array(256);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (!seg.mask[i]) continue;
    const gray = 0.299 * img.data[i * 3] + 0.587 * img.data[i * 3 + 1] + 0.114 * img.data[i * 3 + 2];
    const tray = Math.max(1, 0.299 * background[i * 3] + 0.587 * background[i * 3 + 1] + 0.114 * background[i * 3 + 2]);
    darkness[i] = Math.abs(tray - gray) / tray * 255;
    histogram[Math.min(255, Math.round(darkness[i]))]++;
    total++;
  }
  const top = Math.max(1, quantile(histogram, total, 0.99));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (!seg.mask[i]) continue;
    out[i] = Math.max(GARMENT_FLOOR, Math.min(255, (darkness[i] / top) * 255));
  }
  return out;
}

/** Area-average resampling of the box into `outW`×`outH` (every source pixel counts, like a camera sensor). */
function resampleBox(src: Float32Array, srcW: number, box: Segmentation['box'], outW: number, outH: number): Float32Array {
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

export function toFashionMnist(img: RgbImage, seg: Segmentation, background: Float32Array, sharpenAmount = 0.4): Uint8Array {
  const intensity = garmentIntensity(img, seg, background);
  const scale = IMAGE_SIZE / Math.max(seg.box.width, seg.box.height);
  const w = Math.max(1, Math.round(seg.box.width * scale));
  const h = Math.max(1, Math.round(seg.box.height * scale));
  const small = resampleBox(intensity, img.width, seg.box, w, h);
  const canvas = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  const left = Math.floor((IMAGE_SIZE - w) / 2);
  const top = Math.floor((IMAGE_SIZE - h) / 2);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) canvas[(top + y) * IMAGE_SIZE + left + x] = small[y * w + x];
  const sharp = sharpen(canvas, IMAGE_SIZE, sharpenAmount);
  const bytes = new Uint8Array(sharp.length);
  for (let i = 0; i < sharp.length; i++) bytes[i] = Math.round(Math.min(255, Math.max(0, sharp[i])));
  return bytes;
}
