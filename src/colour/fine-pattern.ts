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

/** Whether the garment's pixels in `core` change colour from one pixel to the next: a fine two-colour pattern. */
export function hasFinePattern(data: Uint8Array, width: number, core: Uint8Array): boolean {
  const n = core.length;
  const u = new Float32Array(n);
  const v = new Float32Array(n);
  const l = new Float32Array(n);
  const mean = [0, 0, 0];
  let count = 0;
  for (let p = 0; p < n; p++) {
    if (!core[p]) continue;
    const lab = linearToOklab(LINEAR[data[p * 3]], LINEAR[data[p * 3 + 1]], LINEAR[data[p * 3 + 2]]);
    const L = Math.max(lab.L, FLOOR);
    u[p] = lab.a / L;
    v[p] = lab.b / L;
    l[p] = lab.L;
    mean[0] += u[p];
    mean[1] += v[p];
    mean[2] += l[p];
    count++;
  }
  if (count === 0) return false;
  const [meanU, meanV, meanL] = mean.map((m) => m / count);
  // Chromaticity and lightness apart, each summed over pairs along rows (0) and columns (1).
  let spread = 0;
  let spreadL = 0;
  const steps = [0, 0];
  const stepsL = [0, 0];
  const pairs = [0, 0];
  for (let p = 0; p < n; p++) {
    if (!core[p]) continue;
    spread += Math.hypot(u[p] - meanU, v[p] - meanV);
    spreadL += Math.abs(l[p] - meanL);
    for (const [k, q] of [[0, p + 1], [1, p + width]]) {
      if (q >= n || !core[q]) continue;
      steps[k] += Math.hypot(u[p] - u[q], v[p] - v[q]);
      stepsL[k] += Math.abs(l[p] - l[q]);
      pairs[k]++;
    }
  }
  const along = (sums: number[]) => Math.max(sums[0] / Math.max(pairs[0], 1), sums[1] / Math.max(pairs[1], 1));
  const step = Math.hypot(along(steps), LIGHTNESS_WEIGHT * along(stepsL));
  const away = Math.hypot(spread, LIGHTNESS_WEIGHT * spreadL) / count;
  return step >= FINE_STEP && step >= FINE_RATIO * away;
}
