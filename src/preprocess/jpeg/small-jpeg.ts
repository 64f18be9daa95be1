// The fast path for camera frames: a baseline JPEG decoded at 1/8 or 1/4 scale in JS, cropped to
// the tray and shrunk to the working size. A call into sharp costs about 3 ms at 640×480 even
// for a tiny result (libvips' per-call set-up and thread hand-offs); this costs about half
// that. Anything it does not handle (PNG, progressive, EXIF rotation, ICC profiles, frames too
// small for a scaled decode, damaged data) returns undefined and goes to sharp.
import type { Region, RgbImage } from '../frame.js';
import { readJpegHeader } from './jpeg-header.js';
import { resamplePlane, toRgb } from './resample-plane.js';
import { decodeScaled, type BlockScale } from './scaled-decode.js';

const WHOLE: Region = { x: 0, y: 0, width: 1, height: 1 };

export function decodeSmallJpeg(bytes: Uint8Array, options: { size: number; tray?: Region; maxPixels: number }): RgbImage | undefined {
  const read = readJpegHeader(bytes);
  if ('unsupported' in read) return undefined;
  const { header } = read;
  if (header.width * header.height > options.maxPixels) return undefined;
  const region = options.tray ?? WHOLE;
  // The coarsest scale that still leaves at least `size` pixels across the part we keep.
  const scale = ([1, 2] as BlockScale[]).find((s) => (Math.max(header.width * region.width, header.height * region.height) * s) / 8 >= options.size);
  if (scale === undefined) return undefined;
  const planes = decodeScaled(header, bytes, scale);
  if (!planes) return undefined;
  // The kept part's size in full-frame pixels, rounded as sharp's extract rounds it, so both
  // paths give the same working size for any tray.
  const left = Math.round(region.x * header.width);
  const top = Math.round(region.y * header.height);
  const keptWidth = Math.max(1, Math.min(header.width - left, Math.round(region.width * header.width)));
  const keptHeight = Math.max(1, Math.min(header.height - top, Math.round(region.height * header.height)));
  const { width, height } = insideSize(keptWidth, keptHeight, options.size);
  const [y, cb, cr] = planes.map((p, i) => resamplePlane(p, region, width, height, `component${i}`));
  return { width, height, data: toRgb(y, cb, cr) };
}

/** The size that fits inside `size`×`size` keeping the aspect ratio, as sharp's `fit: 'inside'`. */
export function insideSize(width: number, height: number, size: number): { width: number; height: number } {
  return width >= height
    ? { width: size, height: Math.max(1, Math.round((height * size) / width)) }
    : { width: Math.max(1, Math.round((width * size) / height)), height: size };
}
