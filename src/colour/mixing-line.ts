// Where a colour lies against the line between two others: how far along it (0 at `from`, 1 at
// `to`) and how far off it. A mixture of two colours in linear light lies on their line; the
// colour module asks this of a see-through part of a fabric, segmentation of a mask's rim.

export interface LinePosition {
  /** The share of the way from `from` to `to` the colour's nearest point on the line is. */
  along: number;
  /** Its distance from the line, in the colours' own units. */
  off: number;
  /** The line's squared length: near 0 the other two say little. */
  length2: number;
}

export function positionOnLine(colour: readonly number[], from: readonly number[], to: readonly number[]): LinePosition {
  const line = to.map((v, c) => v - from[c]);
  const length2 = line.reduce((sum, v) => sum + v * v, 0);
  const along = length2 > 0 ? line.reduce((sum, v, c) => sum + v * (colour[c] - from[c]), 0) / length2 : 0;
  const off = Math.hypot(...colour.map((v, c) => v - (from[c] + along * line[c])));
  return { along, off, length2 };
}
