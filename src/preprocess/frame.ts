// Decoding camera frames into a small RGB working image: plain baseline JPEGs on the fast JS path
// (jpeg/), everything else with sharp.
import sharp from 'sharp';
import { UserError } from '../errors/user-error.js';
import { decodeSmallJpeg } from './jpeg/small-jpeg.js';

/** Interleaved RGB, 3 bytes a pixel, row-major. */
export interface RgbImage { width: number; height: number; data: Uint8Array }

/** A region of the frame in fractions of its width and height (so it survives resolution changes). */
export interface Region { x: number; y: number; width: number; height: number }

/** Segmentation runs at this size: big enough for a garment's outline at 28 px, small enough for ~1 ms of JS. */
export const WORKING_SIZE = 128;
/** Frames larger than this many pixels are refused rather than decoded (a 48 MP phone photo is 48e6). */
export const MAX_INPUT_PIXELS = 64_000_000;

export class FrameError extends UserError {
  constructor(message: string) {
    super(message, { hint: 'check the camera, or the file: it must be a JPEG, PNG or WebP photo' });
    this.name = 'FrameError';
  }
}

function describe(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'the frame is empty (0 bytes)';
  return `${bytes.length} bytes`;
}

/**
 * Applies the EXIF orientation, crops to `tray` if given, and shrinks so the longest side is
 * `size`. Camera frames (plain baseline JPEGs) take the fast path, scaled while decoding in JS;
 * everything else, and every frame the fast path finds damaged, goes through sharp.
 */
export async function decodeFrame(bytes: Uint8Array, options: { tray?: Region; size?: number } = {}): Promise<RgbImage> {
  if (bytes.length === 0) throw new FrameError('not an image: the frame is empty (0 bytes)');
  const size = options.size ?? WORKING_SIZE;
  const fast = decodeSmallJpeg(bytes, { size, tray: options.tray, maxPixels: MAX_INPUT_PIXELS });
  return fast ?? decodeFrameWithSharp(bytes, { size, tray: options.tray });
}

/** Every format sharp reads, with its error messages; also the reference the fast path is tested against. */
export async function decodeFrameWithSharp(bytes: Uint8Array, options: { tray?: Region; size?: number } = {}): Promise<RgbImage> {
  const size = options.size ?? WORKING_SIZE;
  try {
    let image = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();
    if (options.tray) {
      const meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
      const upright = (meta.orientation ?? 1) >= 5;
      const w = (upright ? meta.height : meta.width) ?? 0;
      const h = (upright ? meta.width : meta.height) ?? 0;
      const t = options.tray;
      const left = Math.round(t.x * w);
      const top = Math.round(t.y * h);
      image = image.extract({ left, top, width: Math.max(1, Math.min(w - left, Math.round(t.width * w))), height: Math.max(1, Math.min(h - top, Math.round(t.height * h))) });
    }
    const { data, info } = await image
      .resize(size, size, { fit: 'inside', withoutEnlargement: false, kernel: 'linear' })
      .removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (err) {
    const msg = (err as Error).message.split('\n')[0];
    if (/pixel limit/i.test(msg)) throw new FrameError(`frame too large: over ${MAX_INPUT_PIXELS / 1e6} megapixels`);
    if (/unsupported image format|Input buffer/i.test(msg)) throw new FrameError(`not an image: ${describe(bytes)} in no format sharp reads`);
    throw new FrameError(`corrupt or truncated image (${describe(bytes)}): ${msg}`);
  }
}
