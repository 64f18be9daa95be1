// How sure a held-out gain is. A few hundred garments, each photographed once or twice, make a
// noisy judge: in the domain-shift proof the same recipe gained anywhere from 3 to 8 points on
// different garments. A bootstrap over garments (not photos: two photos of one coat are one
// piece of evidence) gives the range a gain would likely fall in on other garments like these.
import { Random } from '../training/random.js';

export interface GainInterval {
  /** New accuracy minus old, as a share. */
  gain: number;
  /** The 2.5th and 97.5th percentiles of the gain over resampled garments. */
  low: number;
  high: number;
}

/**
 * `labels`, `oldPredicted` and `newPredicted` are per photo; `garments` names each photo's
 * garment. Seeded, so the same inputs give the same interval.
 */
export function gainInterval(
  labels: ArrayLike<number>, oldPredicted: ArrayLike<number>, newPredicted: ArrayLike<number>, garments: readonly string[],
  resamples = 2000, seed = 1,
): GainInterval {
  const byGarment = new Map<string, { photos: number; oldHits: number; newHits: number }>();
  for (let i = 0; i < garments.length; i++) {
    const g = byGarment.get(garments[i]) ?? { photos: 0, oldHits: 0, newHits: 0 };
    g.photos++;
    if (oldPredicted[i] === labels[i]) g.oldHits++;
    if (newPredicted[i] === labels[i]) g.newHits++;
    byGarment.set(garments[i], g);
  }
  const groups = [...byGarment.values()];
  const gainOf = (pick: (k: number) => (typeof groups)[number]) => {
    let photos = 0;
    let diff = 0;
    for (let k = 0; k < groups.length; k++) {
      const g = pick(k);
      photos += g.photos;
      diff += g.newHits - g.oldHits;
    }
    return photos === 0 ? NaN : diff / photos;
  };
  const gain = gainOf((k) => groups[k]);
  if (groups.length === 0) return { gain, low: NaN, high: NaN };
  const rng = new Random(seed);
  const gains = Float64Array.from({ length: resamples }, () => gainOf(() => groups[rng.int(0, groups.length - 1)])).sort();
  return { gain, low: gains[Math.floor(0.025 * (resamples - 1))], high: gains[Math.ceil(0.975 * (resamples - 1))] };
}

const points = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(v * 100).toFixed(1)}`;

/** "+2.1 to +6.4" */
export const formatRange = (g: GainInterval) => `${points(g.low)} to ${points(g.high)}`;

/** "+4.3 points (95%: +2.1 to +6.4)" */
export const formatGain = (g: GainInterval) => `${points(g.gain)} points (95%: ${formatRange(g)})`;
