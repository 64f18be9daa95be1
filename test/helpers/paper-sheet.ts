// A sheet of white paper on the tray, for rendering what `calibrate --paper` photographs: the
// tests and the colour bench draw the same sheet.
import { toSrgb8 } from '../../src/colour/oklab.js';
import { IMAGE_SIZE } from '../../src/dataset/classes.js';

/** A 28×28 "garment" that is a sheet: a filled rectangle, as a sheet of A4 lies in the frame (or all of it). */
export function sheetPixels(whole = false): Uint8Array {
  const pixels = new Uint8Array(IMAGE_SIZE * IMAGE_SIZE);
  if (whole) return pixels.fill(255);
  for (let y = 3; y < 25; y++) for (let x = 7; x < 21; x++) pixels[y * IMAGE_SIZE + x] = 255;
  return pixels;
}

/** The sRGB level of a paper (a grey) of OKLab lightness `lightness`: a grey's lightness is the cube root of its luminance. */
export const paperLevel = (lightness: number) => toSrgb8(lightness ** 3);
