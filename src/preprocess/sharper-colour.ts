// A garment whose colour changes from pixel to pixel at the working size (gingham checks,
// pinstripes: colour/fine-pattern.ts) is measured again on a sharper decode of its own box,
// where its squares are a few pixels across and the clusters can tell its two colours apart.
// Only those garments pay for the second decode; every other frame is measured once.
import { erode, measureColour, trayColour, type ColourOptions, type GarmentColour } from '../colour/measure-colour.js';
import { decodeFrame, type Region, type RgbImage } from './frame.js';
import type { Segmentation } from './segment.js';

/** How many times sharper than the working image the garment's box is decoded. */
export const FINE_DETAIL = 4;

type Box = Segmentation['box'];

/**
 * The colour measured on the sharper decode when that finds two colours (`mixed`); otherwise the
 * working image's, whose thresholds every other garment is judged by too.
 */
export async function sharperColour(bytes: Uint8Array, working: RgbImage, seg: Pick<Segmentation, 'mask' | 'box'>, background: Float32Array, colour: GarmentColour, options: { tray?: Region; colour: ColourOptions }): Promise<GarmentColour> {
  if (colour.group === 'unknown' || !colour.finePattern) return colour;
  const box = seg.box;
  const detail = await decodeFrame(bytes, { tray: regionOf(box, working, options.tray), size: Math.max(box.width, box.height) * FINE_DETAIL });
  // The mask one pixel in first: at the sharper size the tray's blur at the edge is as many
  // pixels wide as the detail is sharper, more than measureColour's own two pixels take off.
  const mask = upscale(erode(seg.mask, working.width), working.width, box, detail, 1);
  const sharper = measureColour(detail, mask, upscale(background, working.width, box, detail, 3), options.colour, { lookForFinePattern: false, tray: trayColour(background, seg.mask) });
  return sharper.group === 'mixed' ? sharper : colour;
}

/** The garment's box in the frame, as a share of it (within the configured tray, if any). */
function regionOf(box: Box, working: RgbImage, tray: Region = { x: 0, y: 0, width: 1, height: 1 }): Region {
  return {
    x: tray.x + (box.x / working.width) * tray.width,
    y: tray.y + (box.y / working.height) * tray.height,
    width: (box.width / working.width) * tray.width,
    height: (box.height / working.height) * tray.height,
  };
}

/** Nearest-neighbour upscaling of `box` of a per-pixel array (`channels` values a pixel, rows `width` wide) to `to`'s size. */
function upscale<T extends Uint8Array | Float32Array>(values: T, width: number, box: Box, to: RgbImage, channels: number): T {
  const out = new (values.constructor as new (n: number) => T)(to.width * to.height * channels);
  const columns = Int32Array.from({ length: to.width }, (_, x) => (box.x + Math.min(box.width - 1, Math.floor((x * box.width) / to.width))) * channels);
  for (let y = 0; y < to.height; y++) {
    const row = (box.y + Math.min(box.height - 1, Math.floor((y * box.height) / to.height))) * width * channels;
    let o = y * to.width * channels;
    for (let x = 0; x < to.width; x++) {
      const from = row + columns[x];
      for (let c = 0; c < channels; c++) out[o++] = values[from + c];
    }
  }
  return out;
}
