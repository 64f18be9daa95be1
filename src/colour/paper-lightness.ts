// The tray's own lightness, measured against a sheet of white printer paper laid on it, so that
// nobody has to guess colour.trayLightness. Pixel by pixel, the frame with the paper against the
// calibrated empty tray: at each point the light is the same in both, so the ratio is the
// paper's reflectance over the tray's there, whatever the lamp's fall-off or the exposure.
import type { RgbImage } from '../preprocess/frame.js';
import { nthSmallest } from '../preprocess/nth-smallest.js';
import { erode } from './measure-colour.js';
import { LINEAR } from './oklab.js';

/**
 * OKLab lightness of ordinary white office paper: CIE L* 93–96 (ISO brightness 90–100, which
 * optical brighteners reach only under daylight's ultraviolet), OKLab 0.93–0.97.
 */
export const PAPER_LIGHTNESS = 0.95;
/**
 * A pixel is the paper where it reflects this much more than the tray there: paper at 0.95
 * over a tray up to 0.92. Sensor noise and JPEG move a pixel's ratio by a few percent, and the
 * sheet's core must be above it in a whole cross of five pixels, which noise alone never is.
 */
const PAPER_CONTRAST = 1.1;
/** The sheet must cover at least this share of the frame after its edges are left out. */
const MIN_PAPER_SHARE = 0.01;
/** More than this share of the sheet at the top of the range: the ratio would be too low. */
const MAX_CLIPPED_SHARE = 0.02;

/** `suggested`: the lightness the error advises declaring (a tray as light as paper is paper's). */
export type PaperMeasurement = { lightness: number; paperShare: number } | { error: string; suggested?: number };

/**
 * `empty`: the calibrated empty tray; `withPaper`: the same view with a sheet on it, same size.
 * A camera that re-exposed for the paper is undone by the tray around it, which is the same tray.
 */
export function trayLightnessFromPaper(empty: RgbImage, withPaper: RgbImage, paperLightness = PAPER_LIGHTNESS): PaperMeasurement {
  if (empty.width !== withPaper.width || empty.height !== withPaper.height) {
    return { error: `the frame with the paper is ${withPaper.width}×${withPaper.height} but the reference is ${empty.width}×${empty.height}: calibrate the empty tray again with this camera` };
  }
  const n = empty.width * empty.height;
  const ratio = new Float32Array(n);
  for (let p = 0; p < n; p++) ratio[p] = luminance(withPaper.data, p) / Math.max(luminance(empty.data, p), 1e-4);
  // The tray is most of the frame, so the median ratio is the exposure's change, if any.
  const exposure = nthSmallest(Float32Array.from(ratio), n >> 1);
  const paper = new Uint8Array(n);
  for (let p = 0; p < n; p++) paper[p] = ratio[p] > PAPER_CONTRAST * exposure ? 1 : 0;
  // Two pixels in from the sheet's edge: edges mix in the tray, and JPEG blurs colour further.
  const core = erode(erode(paper, empty.width), empty.width);
  const ratios = new Float32Array(n);
  let count = 0;
  let clipped = 0;
  const d = withPaper.data;
  for (let p = 0; p < n; p++) {
    if (!core[p]) continue;
    ratios[count++] = ratio[p];
    if (d[p * 3] >= 250 || d[p * 3 + 1] >= 250 || d[p * 3 + 2] >= 250) clipped++;
  }
  const share = count / n;
  if (share < MIN_PAPER_SHARE) {
    // Most of the view got lighter: the median was the paper's, and the tray is the darker rest.
    if (darkerThan(ratio, exposure / PAPER_CONTRAST) > MIN_PAPER_SHARE * n) {
      return { error: 'the sheet covers more than half the view, so the tray around it cannot be told from it: use a smaller sheet (A5, or A4 folded) in the middle of the tray' };
    }
    return { error: `found no sheet clearly lighter than the tray (needs ${Math.round(MIN_PAPER_SHARE * 100)}% of the view): lay a sheet of white printer paper in the middle of the tray; if the tray is itself white, set colour.trayLightness: ${paperLightness}`, suggested: paperLightness };
  }
  if (clipped > count * MAX_CLIPPED_SHARE) {
    return { error: `the paper is overexposed (${Math.round((clipped / count) * 100)}% of it at the top of the range): lower the camera's exposure or gain, calibrate the empty tray again, and measure` };
  }
  // Lightness is the cube root of luminance for greys, in OKLab.
  const lightness = paperLightness * Math.cbrt(exposure / nthSmallest(ratios.subarray(0, count), count >> 1));
  return { lightness: Math.round(lightness * 1000) / 1000, paperShare: share };
}

const luminance = (d: Uint8Array, p: number) => 0.2126 * LINEAR[d[p * 3]] + 0.7152 * LINEAR[d[p * 3 + 1]] + 0.0722 * LINEAR[d[p * 3 + 2]];

function darkerThan(ratio: Float32Array, bound: number): number {
  let n = 0;
  for (let p = 0; p < ratio.length; p++) if (ratio[p] < bound) n++;
  return n;
}
