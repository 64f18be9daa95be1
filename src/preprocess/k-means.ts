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
  const k = starts.length;
  const parts = new Uint8Array(n);
  // Centres and sums flat, three numbers a centre: this runs on every garment.
  const centres = Float64Array.from(starts.flatMap((c) => [c[0], c[1], c[2]]));
  const sums = new Float64Array(k * 3);
  const counts = new Array<number>(k).fill(0);
  for (let round = 0; round < rounds; round++) {
    sums.fill(0);
    counts.fill(0);
    let moved = 0;
    for (let i = 0; i < n; i++) {
      const x = points[i * 3];
      const y = points[i * 3 + 1];
      const z = points[i * 3 + 2];
      let best = 0;
      let bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const d0 = x - centres[c * 3];
        const d1 = y - centres[c * 3 + 1];
        const d2 = z - centres[c * 3 + 2];
        const d = d0 * d0 + d1 * d1 + d2 * d2;
        if (d < bestDistance) { bestDistance = d; best = c; }
      }
      if (round === 0 || parts[i] !== best) moved++;
      parts[i] = best;
      sums[best * 3] += x;
      sums[best * 3 + 1] += y;
      sums[best * 3 + 2] += z;
      counts[best]++;
    }
    // Nothing moved: the same sums would give the same centres again.
    if (moved === 0) break;
    for (let c = 0; c < k; c++) {
      if (!counts[c]) continue;
      for (let j = 0; j < 3; j++) centres[c * 3 + j] = sums[c * 3 + j] / counts[c];
    }
  }
  return { centres: Array.from({ length: k }, (_, c) => [centres[c * 3], centres[c * 3 + 1], centres[c * 3 + 2]]), parts, counts };
}
