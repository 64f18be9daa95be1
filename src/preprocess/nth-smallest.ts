// The k-th smallest of some numbers, by quickselect (Hoare's partition, median-of-three pivot).
// Preprocessing needs two percentiles a frame; sorting a typed array for each one cost a few
// tenths of a millisecond of the ~3 ms budget, selecting costs a few hundredths.

/** The value that would sit at index `k` if `values` were sorted. Reorders `values`. */
export function nthSmallest(values: Float32Array | Float64Array, k: number): number {
  if (k < 0 || k >= values.length) throw new RangeError(`index ${k} outside 0–${values.length - 1}`);
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // Median of three as the pivot: sorted or constant input stays linear.
    if (values[mid] < values[lo]) swap(values, mid, lo);
    if (values[hi] < values[lo]) swap(values, hi, lo);
    if (values[hi] < values[mid]) swap(values, hi, mid);
    const pivot = values[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) { swap(values, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}

function swap(values: Float32Array | Float64Array, a: number, b: number): void {
  const t = values[a];
  values[a] = values[b];
  values[b] = t;
}
