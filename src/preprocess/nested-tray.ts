// A garment on a sheet or towel that lies turned on the tray (or a photo turned on a plain
// fill, as the bench's turned real photos are): the first segmentation finds the sheet, a big,
// nearly rectangular shape reaching the frame's edges, with the garment inside. Then the sheet
// is the tray: its rectangle is cut out, turned straight, and segmented on its own.
import { minAreaRect, type MinAreaRect } from '../pose/mask-shape.js';
import type { RgbImage } from './frame.js';
import type { Segmentation } from './segment.js';

/**
 * The mask's convex hull over its minimum-area rectangle: a sheet's hull is its rectangle (about
 * 1), a garment's sleeves, legs and hems leave the rectangle's corners empty. The hull, not the
 * mask, so a sheet whose edge partly matches the tray (a notch in the mask) is still a sheet.
 */
export const SHEET_RECTANGULARITY = 0.9;
/** Share of that rectangle the mask itself must fill: a hollow outline is not a sheet. */
export const SHEET_FILL = 0.6;
/** A sheet fills a good part of the tray; a smaller convex shape is a bag or a folded garment. */
export const SHEET_MIN_COVERAGE = 0.25;
/** A sheet spreads to at least this many of the frame's four edges (two: a corner of it may match the tray). */
export const SHEET_EDGES = 1;
/** Pixels cut off each side of the sheet's rectangle, so none of what lies around it comes along. */
const INSET = 4;

function touchedEdges(mask: Uint8Array, w: number, h: number): number {
  let top = 0; let bottom = 0; let left = 0; let right = 0;
  for (let x = 0; x < w; x++) { top |= mask[x]; bottom |= mask[(h - 1) * w + x]; }
  for (let y = 0; y < h; y++) { left |= mask[y * w]; right |= mask[y * w + w - 1]; }
  return top + bottom + left + right;
}

export interface Sheet {
  /** The sheet's rectangle in the frame's working pixels (its direction: `angle`, counter-clockwise). */
  rect: MinAreaRect;
}

/** The sheet under the garment; undefined when `seg` is a garment, not a sheet. */
export function findSheet(img: RgbImage, seg: Segmentation): Sheet | undefined {
  const { width: w, height: h } = img;
  if (seg.coverage < SHEET_MIN_COVERAGE || touchedEdges(seg.mask, w, h) < SHEET_EDGES) return undefined;
  const rect = minAreaRect(seg.mask, w, h);
  const rectArea = rect.length * rect.breadth;
  const maskArea = seg.coverage * w * h;
  if (rect.hullArea < SHEET_RECTANGULARITY * rectArea || maskArea < SHEET_FILL * rectArea) return undefined;
  if (rect.length - 2 * INSET < 16 || rect.breadth - 2 * INSET < 16) return undefined;
  return { rect };
}

/**
 * The sheet's inside, turned straight: the new frame to find the garment in, `size` pixels
 * along its longer side. `source` may be a sharper decode of the same frame than the one the
 * sheet was found in (`scale` times its size): a straightened sheet is resampled once, and from
 * the sharper image it keeps more of the garment.
 */
export function straightenSheet(source: RgbImage, sheet: Sheet, scale = 1, size = Math.max(sheet.rect.length, sheet.rect.breadth) - 2 * INSET): RgbImage {
  const { rect } = sheet;
  const inW = (rect.length - 2 * INSET) * scale;
  const inH = (rect.breadth - 2 * INSET) * scale;
  // Source pixels per output pixel.
  const step = Math.max(inW, inH) / size;
  const outW = Math.max(1, Math.floor(inW / step));
  const outH = Math.max(1, Math.floor(inH / step));
  const rad = (rect.angle * Math.PI) / 180;
  const [ux, uy, vx, vy] = [Math.cos(rad) * step, -Math.sin(rad) * step, Math.sin(rad) * step, Math.cos(rad) * step];
  const data = new Uint8Array(outW * outH * 3);
  for (let y = 0; y < outH; y++) {
    const dy = y + 0.5 - outH / 2;
    for (let x = 0; x < outW; x++) {
      const dx = x + 0.5 - outW / 2;
      // Back to the frame: along the sheet's side by dx, across it by dy; −0.5 from centres to indices.
      const sx = rect.cx * scale + dx * ux + dy * vx - 0.5;
      const sy = rect.cy * scale + dx * uy + dy * vy - 0.5;
      sampleRgb(source, sx, sy, data, (y * outW + x) * 3);
    }
  }
  return { width: outW, height: outH, data };
}

function sampleRgb(img: RgbImage, x: number, y: number, out: Uint8Array, at: number): void {
  const x0 = Math.max(0, Math.min(img.width - 2, Math.floor(x)));
  const y0 = Math.max(0, Math.min(img.height - 2, Math.floor(y)));
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  for (let c = 0; c < 3; c++) {
    const p = (yy: number, xx: number) => img.data[(yy * img.width + xx) * 3 + c];
    const top = p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx;
    const bottom = p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx;
    out[at + c] = Math.round(top * (1 - fy) + bottom * fy);
  }
}
