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

/** Mean colours of the pixels inside the mask and outside it, in one pass. */
function meanColours(img: RgbImage, mask: Uint8Array): { inside: number[]; outside: number[] } {
  const sums = [[0, 0, 0], [0, 0, 0]];
  const counts = [0, 0];
  for (let i = 0; i < mask.length; i++) {
    const k = mask[i] ? 0 : 1;
    for (let c = 0; c < 3; c++) sums[k][c] += img.data[i * 3 + c];
    counts[k]++;
  }
  const [inside, outside] = sums.map((sum, k) => sum.map((v) => v / Math.max(1, counts[k])));
  return { inside, outside };
}

const distance = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/**
 * True when the sheet found in `working` (mask `outer`) is a garment: what was found on the
 * straightened sheet (`straight`, mask `inner`) barely stands apart from the rest of it.
 */
export function sheetIsTheGarment(working: RgbImage, outer: Segmentation, straight: RgbImage, inner: Segmentation): boolean {
  const tray = meanColours(working, outer.mask).outside;
  const { inside: onSheet, outside: sheet } = meanColours(straight, inner.mask);
  return distance(onSheet, sheet) < SHEET_CONTRAST_RATIO * distance(sheet, tray);
}
