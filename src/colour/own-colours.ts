// Which of a garment's colour clusters are fabrics of its own, and how much of it each covers.
// Two kinds of cluster are not: the tray seen through a mesh or a strap's gaps, and the blur
// where two fabrics meet (a print's edges). Both are mixtures, and mixing is a straight line
// in linear light, so each cluster is judged by its mean linear RGB against the others'.
import type { FabricColour } from './fabric-colours.js';
import { positionOnLine } from './mixing-line.js';

type Rgb = [number, number, number];

/** How far along the line between two colours a mixture of them may lie (0: the first, 1: the second). */
const MIXTURE_RANGE = [0.1, 0.9];
/** How far off that line it may lie, as a share of the line's length. */
const MIXTURE_TOLERANCE = 0.06;

export interface OwnColours {
  /** The garment's own colours, largest first: the largest always (see ownColours). */
  own: FabricColour[];
  /** Whether a cluster is the blend of the largest colour and another: counted with them, never a colour itself. */
  isBlend: (part: FabricColour) => boolean;
  /** The share of the own colours' pixels `second` covers, its blend into the largest counted. */
  shareOf: (second: FabricColour) => number;
}

/**
 * `colours` largest first; `linear` the pixels' corrected linear RGB (three values a pixel),
 * `parts` which cluster each is in; `trayLight` the tray as the corrected pixels see it.
 */
export function ownColours(colours: FabricColour[], linear: Float32Array, parts: Uint8Array, trayLight: Rgb): OwnColours {
  const means = meanLinearOfParts(linear, parts, Math.max(...colours.map((c) => c.part)) + 1);
  const [largest] = colours;
  const isBlend = (part: FabricColour) => colours.some((other, rank) => rank > 0 && other !== part && mixtureOf(means[part.part], means[largest.part], means[other.part]) !== undefined);
  // A cluster that is another seen partly through to the tray is not a colour of its own: a
  // black sandal on a light tray is dark, not `mixed`. A white stripe on a navy shirt is as light
  // as the tray or beyond it, outside MIXTURE_RANGE. The largest is always a colour (a cream
  // jacket as light as its tray lies on the line from its black trim to the tray), and a blend
  // is judged as one first: on a grey tray, white, grey and navy lie on one line.
  const seenThrough = (part: FabricColour) => colours.some((other) => other !== part && mixtureOf(means[part.part], means[other.part], trayLight) !== undefined);
  const own = colours.filter((part, rank) => rank === 0 || isBlend(part) || !seenThrough(part));
  const total = own.reduce((sum, c) => sum + c.share, 0);
  // A print's motifs a few pixels across are as much edge as middle: without its edges, a print
  // over a third of a dress measured under a fifth. A blend counts by how far along it lies.
  const shareOf = (second: FabricColour) => {
    let share = second.share;
    for (const part of own) {
      if (part === largest || part === second) continue;
      share += part.share * (mixtureOf(means[part.part], means[largest.part], means[second.part]) ?? 0);
    }
    return share / total;
  };
  return { own, isBlend, shareOf };
}

/** How far along from `from` to `to` colour `part` lies when it is a mixture of the two (linear RGB), else undefined. */
function mixtureOf(part: readonly number[], from: readonly number[], to: readonly number[]): number | undefined {
  const { along, off, length2 } = positionOnLine(part, from, to);
  if (length2 < 1e-6 || along < MIXTURE_RANGE[0] || along > MIXTURE_RANGE[1]) return undefined;
  return off <= MIXTURE_TOLERANCE * Math.sqrt(length2) ? along : undefined;
}

/** Mean linear RGB of the pixels in each part (`linear` holds three values a pixel). */
function meanLinearOfParts(linear: Float32Array, parts: Uint8Array, count: number): Rgb[] {
  const sums = Array.from({ length: count }, () => [0, 0, 0, 0]);
  for (let i = 0; i < parts.length; i++) {
    const sum = sums[parts[i]];
    for (let c = 0; c < 3; c++) sum[c] += linear[i * 3 + c];
    sum[3]++;
  }
  return sums.map(([r, g, b, n]) => [r / Math.max(n, 1), g / Math.max(n, 1), b / Math.max(n, 1)]);
}
