// Lloyd's k-means on points of three coordinates, stored one after another. Segmentation learns
// a textured tray's shades with it, and the colour measure a garment's fabrics; each chooses
// its own starting centres and its own space. Deterministic: ties go to the lower centre, and
// a centre no point chose stays where it was (it only means there are fewer clusters).

export interface Clusters {
  /** Each centre's three coordinates. */
  centres: number[][];
  /** Which centre each point is nearest, from the last assignment. */
  parts: Uint8Array;
  /** How many points each centre has, from the last assignment. */
  counts: number[];
}

/** Squared distance from point `i` of `points` to `centre`. */
export function distance2(points: Float32Array, i: number, centre: readonly number[]): number {
  const d0 = points[i * 3] - centre[0];
  const d1 = points[i * 3 + 1] - centre[1];
  const d2 = points[i * 3 + 2] - centre[2];
  return d0 * d0 + d1 * d1 + d2 * d2;
}

/** At most `rounds` rounds from `starts` (at most 256 centres); stops early once no point changes centre. */
export function kMeans(points: Float32Array, starts: readonly (readonly number[])[], rounds: number): Clusters {
  const n = points.length / 3;
  const parts = new Uint8Array(n);
  let centres = starts.map((c) => [c[0], c[1], c[2]]);
  let counts = centres.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    const sums = centres.map(() => [0, 0, 0]);
    counts = centres.map(() => 0);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const k = nearest(points, i, centres);
      if (round === 0 || parts[i] !== k) moved++;
      parts[i] = k;
      for (let c = 0; c < 3; c++) sums[k][c] += points[i * 3 + c];
      counts[k]++;
    }
    // Nothing moved: the same sums would give the same centres again.
    if (moved === 0) break;
    centres = centres.map((old, k) => (counts[k] ? sums[k].map((s) => s / counts[k]) : old));
  }
  return { centres, parts, counts };
}

function nearest(points: Float32Array, i: number, centres: number[][]): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let k = 0; k < centres.length; k++) {
    const d = distance2(points, i, centres[k]);
    if (d < bestDistance) { bestDistance = d; best = k; }
  }
  return best;
}
