// The garment, cut out, turned into a 28×28 image the way Fashion-MNIST's were made from
// product photos: trim to the garment, longest edge to 28, centre on a 28×28 canvas, negate,
// 8-bit gray, sharpen lightly. Fashion-MNIST garments are bright on black because the product
// photos had white backgrounds; here the mask does that job whatever colour the tray is.
import { IMAGE_SIZE } from '../dataset/classes.js';
import type { RgbImage } from './frame.js';
import type { Segmentation } from './segment.js';

/** The dimmest a garment pixel may be, so a white shirt (dark once negated) still has a shape. */
export const GARMENT_FLOOR = 60;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Negated gray inside the mask, stretched to [GARMENT_FLOOR, 255]; 0 outside. */
export function garmentIntensity(img: RgbImage, seg: Segmentation): Float32Array {
  const n = img.width * img.height;
  const negated = new Float32Array(n);
  const inside: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!seg.mask[i]) continue;
    const gray = 0.299 * img.data[i * 3] + 0.587 * img.data[i * 3 + 1] + 0.114 * img.data[i * 3 + 2];
    negated[i] = 255 - gray;
    inside.push(negated[i]);
  }
  const lo = percentile(inside, 0.02);
  const hi = Math.max(lo + 1, percentile(inside, 0.98));
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    if (!seg.mask[i]) continue;
    const t = Math.min(1, Math.max(0, (negated[i] - lo) / (hi - lo)));
    out[i] = GARMENT_FLOOR + t * (255 - GARMENT_FLOOR);
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

export function toFashionMnist(img: RgbImage, seg: Segmentation, sharpenAmount = 0.4): Uint8Array {
  const intensity = garmentIntensity(img, seg);
  const scale = IMAGE_SIZE / Math.max(seg.box.width, seg.box.height);
  const w = Math.max(1, Math.round(seg.box.width * scale));
  const h = Math.max(1, Math.round(seg.box.height * scale));
  const small = resampleBox(intensity, img.width, seg.box, w, h);
  const canvas = new Float32Array(IMAGE_SIZE * IMAGE_SIZE);
  const left = Math.floor((IMAGE_SIZE - w) / 2);
  const top = Math.floor((IMAGE_SIZE - h) / 2);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) canvas[(top + y) * IMAGE_SIZE + left + x] = small[y * w + x];
  const sharp = sharpen(canvas, IMAGE_SIZE, sharpenAmount);
  return Uint8Array.from(sharp, (v) => Math.round(Math.min(255, Math.max(0, v))));
}
