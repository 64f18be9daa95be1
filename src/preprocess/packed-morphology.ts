// 3×3 opening and closing on a 0/1 mask, 32 pixels a machine word. Segmentation runs six
// erosions or dilations a frame; a byte a pixel, they were a quarter of its time. Packed,
// one AND or OR handles 32 pixels, and the mask is packed and unpacked once per opening or
// closing. At the image's edge a missing neighbour counts as the pixel itself, so erosion is
// the AND, and dilation the OR, of the neighbours that exist.

/** A mask of `width`×`height` pixels, each row `words` 32-bit words, pixel x at bit x % 32 of word x / 32. */
interface Packed { width: number; height: number; words: number; bits: Int32Array }

let spare: Int32Array[] = [];
/** Three word arrays reused from frame to frame (frames keep their size). */
function workArrays(length: number): Int32Array[] {
  if (spare.length === 0 || spare[0].length !== length) spare = [new Int32Array(length), new Int32Array(length), new Int32Array(length)];
  return spare;
}

function pack(mask: Uint8Array, width: number, height: number, into: Int32Array): Packed {
  const words = (width + 31) >> 5;
  into.fill(0);
  for (let y = 0, p = 0; y < height; y++) {
    const row = y * words;
    for (let x = 0; x < width; x++, p++) if (mask[p]) into[row + (x >> 5)] |= 1 << (x & 31);
  }
  return { width, height, words, bits: into };
}

function unpack(from: Packed, mask: Uint8Array): void {
  const { width, height, words, bits } = from;
  for (let y = 0, p = 0; y < height; y++) {
    const row = y * words;
    for (let x = 0; x < width; x++, p++) mask[p] = (bits[row + (x >> 5)] >>> (x & 31)) & 1;
  }
}

/** One erosion (`erode`) or dilation of `src` into `dst`; `rows` holds the horizontal pass. */
function morph(src: Packed, erode: boolean, rows: Int32Array, dst: Int32Array): void {
  const { width, height, words, bits } = src;
  const lastBit = (width - 1) & 31;
  const valid = lastBit === 31 ? -1 : (1 << (lastBit + 1)) - 1; // the last word's pixels; the rest stays 0
  for (let y = 0; y < height; y++) {
    const row = y * words;
    for (let j = 0; j < words; j++) {
      const cur = bits[row + j];
      // Each pixel's left neighbour, then its right one, lined up under it.
      const left = (cur << 1) | (j > 0 ? bits[row + j - 1] >>> 31 : cur & 1);
      let right = cur >>> 1;
      if (j < words - 1) right |= bits[row + j + 1] << 31;
      else right |= ((cur >>> lastBit) & 1) << lastBit;
      let result = erode ? cur & left & right : cur | left | right;
      if (j === words - 1) result &= valid;
      rows[row + j] = result;
    }
  }
  for (let y = 0; y < height; y++) {
    const row = y * words;
    const up = y > 0 ? row - words : row;
    const down = y < height - 1 ? row + words : row;
    for (let j = 0; j < words; j++) {
      dst[row + j] = erode ? rows[up + j] & rows[row + j] & rows[down + j] : rows[up + j] | rows[row + j] | rows[down + j];
    }
  }
}

/**
 * Opening (erode, then dilate: drops specks) or closing (dilate, then erode: bridges thin
 * gaps) of `mask`, in place.
 */
export function openOrClose(mask: Uint8Array, width: number, height: number, open: boolean): void {
  const words = (width + 31) >> 5;
  const [a, rows, b] = workArrays(words * height);
  const packed = pack(mask, width, height, a);
  morph(packed, open, rows, b);
  morph({ ...packed, bits: b }, !open, rows, a); // back into `a`, which `packed` reads
  unpack(packed, mask);
}

/** `mask` eroded `steps` times by 3×3 (by a square of side 2·steps + 1), into `out`. */
export function erode(mask: Uint8Array, width: number, height: number, steps: number, out: Uint8Array): void {
  const words = (width + 31) >> 5;
  const [a, rows, b] = workArrays(words * height);
  const packed = pack(mask, width, height, a);
  for (let step = 0; step < steps; step++) {
    morph(packed, true, rows, b);
    a.set(b);
  }
  unpack(packed, out);
}
