// A "sheet" that was the garment itself. Trousers hung with their legs together, a shirt
// filling the photo: the mask is nearly a rectangle reaching the frame's edge, so nested-tray.ts
// takes it for a sheet and looks for a garment on it. What it then finds are the garment's own
// folds and shading, some of it (a leg, one side) left out as "sheet". On a real sheet the
// garment stands apart from the sheet; on a garment taken for one, the part found "on" it
// differs from the rest of it by less than the whole differs from the tray. Then the first
// segmentation, the garment as a whole, is the one to keep.
import type { RgbImage } from './frame.js';
import type { Segmentation } from './segment.js';

/**
 * Below this, (garment found on the sheet ↔ the sheet) over (the sheet ↔ the tray) in mean RGB
 * distance says the sheet is the garment. Real photos (docs/pose.md): garments taken for sheets
 * and cut up on them 0.16–0.86; 1.14 and up, most above 4, where a whole garment was found on
 * the sheet (photos turned on their border colour, and trousers whose "sheet" took in the wall
 * between their legs).
 */
export const SHEET_CONTRAST_RATIO = 1;

/** Mean colour of the pixels inside (`inside` true) or outside the mask. */
function meanColour(img: RgbImage, mask: Uint8Array, inside: boolean): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if ((mask[i] !== 0) !== inside) continue;
    sum[0] += img.data[i * 3]; sum[1] += img.data[i * 3 + 1]; sum[2] += img.data[i * 3 + 2];
    n++;
  }
  return sum.map((s) => s / Math.max(1, n)) as [number, number, number];
}

const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * True when the sheet found in `working` (mask `outer`) is a garment: what was found on the
 * straightened sheet (`straight`, mask `inner`) barely stands apart from the rest of it.
 */
export function sheetIsTheGarment(working: RgbImage, outer: Segmentation, straight: RgbImage, inner: Segmentation): boolean {
  const tray = meanColour(working, outer.mask, false);
  const sheet = meanColour(straight, inner.mask, false);
  const onSheet = meanColour(straight, inner.mask, true);
  return distance(onSheet, sheet) < SHEET_CONTRAST_RATIO * distance(sheet, tray);
}
