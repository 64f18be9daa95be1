// Two colours in a pattern finer than the working image: gingham checks, pinstripes, a dense
// print. At 128 px their squares are a pixel or two across, so k-means sees one blended colour
// (a red-and-white check reads pink) and fabric-colours.ts cannot split it; a sharper decode can
// (preprocess/sharper-colour.ts). What gives the pattern away at this size is its texture: a
// pixel's colour differs from its neighbour's about as much as from the garment's typical
// colour. A plain fabric's folds and shading vary smoothly (neighbours alike); broad stripes
// vary, but not from pixel to pixel.
import { LINEAR, linearToOklab } from './oklab.js';

/**
 * The mean step to the next pixel, along the rows or the columns (the larger), in chromaticity
 * and lightness together: below this a pattern is gone in the working image's blur, or it is
 * noise. Rendered plain garments with a larger step than this all fail the ratio below.
 */
export const FINE_STEP = 0.012;
/**
 * …and that step as a share of the pixels' spread around their mean: about 1.4 for colours that
 * change at every pixel, under 1 for colour that changes in broad regions (stripes, blocks, a
 * logo, shadowed folds) or hardly at all. Chosen on rendered frames (seed 5, 240 frames): fine
 * checks 50 of 53 at or above it; plain garments (up to 0.90), logos (0.98) and the real photos
 * other than the gingham shirt (0.91 at most) below it.
 */
export const FINE_RATIO = 1;
/**
 * How much a step in lightness counts against one in chromaticity: as much. A black-and-white or
 * navy-and-white check differs mostly in lightness, and its chromaticity alone missed it.
 */
const LIGHTNESS_WEIGHT = 1;
/** Lightness below which chromaticity is mostly noise divided by a small L (as fabric-colours.ts). */
const FLOOR = 0.2;

/** Per-pixel chromaticity and lightness, kept from call to call: this runs on every garment. */
let u = new Float32Array(0);
let v = new Float32Array(0);
let l = new Float32Array(0);

/** Whether the garment's pixels in `core` change colour from one pixel to the next: a fine two-colour pattern. */
export function hasFinePattern(data: Uint8Array, width: number, core: Uint8Array): boolean {
  const n = core.length;
  if (u.length < n) [u, v, l] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  let sumU = 0;
  let sumV = 0;
  let sumL = 0;
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (!core[p]) continue;
    const lab = linearToOklab(LINEAR[data[p * 3]], LINEAR[data[p * 3 + 1]], LINEAR[data[p * 3 + 2]]);
    const L = Math.max(lab.L, FLOOR);
    u[p] = lab.a / L;
    v[p] = lab.b / L;
    l[p] = lab.L;
    sumU += u[p];
    sumV += v[p];
    sumL += l[p];
    count++;
  }
  if (count === 0) return false;
  const [meanU, meanV, meanL] = [sumU / count, sumV / count, sumL / count];
  // Chromaticity and lightness apart, each summed over pairs along rows and along columns.
  let spread = 0;
  let spreadL = 0;
  let rowSteps = 0;
  let rowStepsL = 0;
  let rowPairs = 0;
  let columnSteps = 0;
  let columnStepsL = 0;
  let columnPairs = 0;
  for (let p = 0; p < n; p++) {
    if (!core[p]) continue;
    spread += distance(u[p] - meanU, v[p] - meanV);
    spreadL += Math.abs(l[p] - meanL);
    const right = p + 1;
    if (right < n && core[right]) {
      rowSteps += distance(u[p] - u[right], v[p] - v[right]);
      rowStepsL += Math.abs(l[p] - l[right]);
      rowPairs++;
    }
    const below = p + width;
    if (below < n && core[below]) {
      columnSteps += distance(u[p] - u[below], v[p] - v[below]);
      columnStepsL += Math.abs(l[p] - l[below]);
      columnPairs++;
    }
  }
  const along = (rows: number, columns: number) => Math.max(rows / Math.max(rowPairs, 1), columns / Math.max(columnPairs, 1));
  const step = distance(along(rowSteps, columnSteps), LIGHTNESS_WEIGHT * along(rowStepsL, columnStepsL));
  const away = distance(spread, LIGHTNESS_WEIGHT * spreadL) / count;
  return step >= FINE_STEP && step >= FINE_RATIO * away;
}

/** Math.hypot of two, without its arguments array: this runs for every pixel. */
const distance = (x: number, y: number) => Math.sqrt(x * x + y * y);
