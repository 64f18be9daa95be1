// The colours a garment's pixels fall into: k-means with k = 3, in a space where a fold's shadow
// does not move a fabric far. Three, not two, because a striped garment has three kinds of pixel:
// its two fabrics, and the blur where either meets the tray at its outline or through a gap.
// With two clusters the blur took one, and both stripes were averaged into the other.
import { distance2, kMeans } from '../preprocess/k-means.js';
import { nthSmallest } from '../preprocess/nth-smallest.js';
import type { Oklab } from './oklab.js';

/** Pixels' OKLab values, one array per coordinate. */
export interface Labs { L: Float32Array; a: Float32Array; b: Float32Array }
export interface FabricColour { centre: Oklab; share: number; part: number }

/** Clusters the pixels fall into. */
const CLUSTERS = 3;
const ROUNDS = 8;

/**
 * How much log lightness counts against chromaticity (a/L, b/L). A shadow multiplies linear
 * light, and OKLab's cube roots turn that into one factor on L, a and b alike: chromaticity stays,
 * and log lightness shifts by the same amount for every colour. A white and a black stripe
 * differ by about 1.3 in log L, a fold's shadow by a third of that, two hues by 0.1 or more in
 * chromaticity: at a quarter weight a fold moves a pixel about as far as a small change of hue.
 */
const LIGHTNESS_WEIGHT = 0.25;
/** Below this lightness chromaticity is mostly noise divided by a small L. */
const CHROMATICITY_FLOOR = 0.2;
/**
 * Lightness is summarised at this percentile, not the median: folds and shading only ever darken
 * a fabric, so its own lightness is above the middle.
 */
const LIGHTNESS_PERCENTILE = 0.7;

/** The garment's colours, largest share first, each summarised by typicalColour(); `parts` says which pixel is in which. */
export function fabricColours(labs: Labs): { colours: FabricColour[]; parts: Uint8Array } {
  const n = labs.L.length;
  const points = featuresOf(labs);
  const { parts, counts } = kMeans(points, startingCentres(points), ROUNDS);
  const colours = counts
    .map((count, part) => ({ part, count }))
    .filter((c) => c.count > 0)
    .map(({ part, count }) => ({ centre: typicalColour(labs, parts, [part]), share: count / n, part }))
    .sort((x, y) => y.share - x.share);
  return { colours, parts };
}

/**
 * The colour of the pixels whose part is one of `keep`: medians of a and b, lightness at
 * LIGHTNESS_PERCENTILE. Selected, not sorted: this runs on every garment.
 */
export function typicalColour(labs: Labs, parts: Uint8Array, keep: readonly number[]): Oklab {
  const wanted = new Uint8Array(CLUSTERS);
  for (const k of keep) wanted[k] = 1;
  const chosen = new Float32Array(labs.L.length);
  const pick = (values: Float32Array, q: number) => {
    let count = 0;
    for (let i = 0; i < values.length; i++) if (wanted[parts[i]]) chosen[count++] = values[i];
    return nthSmallest(chosen.subarray(0, count), Math.min(count - 1, Math.floor(count * q)));
  };
  return { L: pick(labs.L, LIGHTNESS_PERCENTILE), a: pick(labs.a, 0.5), b: pick(labs.b, 0.5) };
}

/** Each pixel's log lightness (weighted) and chromaticity a/L, b/L, three values a pixel. */
function featuresOf(labs: Labs): Float32Array {
  const n = labs.L.length;
  const points = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const L = Math.max(labs.L[i], CHROMATICITY_FLOOR);
    points[i * 3] = LIGHTNESS_WEIGHT * Math.log(L);
    points[i * 3 + 1] = labs.a[i] / L;
    points[i * 3 + 2] = labs.b[i] / L;
  }
  return points;
}

/**
 * Deterministic farthest-point starts: the pixels' median, then each time the pixel farthest
 * from every centre so far. Outliers may take a start, which is what the third cluster is for.
 */
function startingCentres(points: Float32Array): number[][] {
  const n = points.length / 3;
  // One coordinate at a time into a reused buffer, by a plain loop: Float32Array.from with a
  // mapping function took half a millisecond a garment, a third of the whole colour measure.
  const column = new Float32Array(n);
  const mid = (c: number) => {
    for (let i = 0; i < n; i++) column[i] = points[i * 3 + c];
    return nthSmallest(column, Math.floor(n / 2));
  };
  const centres = [[mid(0), mid(1), mid(2)]];
  const closest = new Float32Array(n).fill(Infinity);
  while (centres.length < CLUSTERS) {
    let far = 0;
    const last = centres[centres.length - 1];
    for (let i = 0; i < n; i++) {
      closest[i] = Math.min(closest[i], distance2(points, i, last));
      if (closest[i] > closest[far]) far = i;
    }
    centres.push([points[far * 3], points[far * 3 + 1], points[far * 3 + 2]]);
  }
  return centres;
}
