// The candidate poses the classifier scores: the canonical 28×28 turned by 0, 90, 180 and 270
// degrees. Exact pixel moves, no resampling: trimming centres the garment, so a quarter turn
// of the 28×28 is the 28×28 of the quarter-turned garment.
import { IMAGE_SIZE, PIXELS } from '../dataset/classes.js';

export type ViewTurn = 0 | 90 | 180 | 270;
export type ViewCount = 1 | 2 | 4;
/** The turns scored for each view count: two views settle only which end is up. */
export const VIEW_TURNS: Record<ViewCount, readonly ViewTurn[]> = { 1: [0], 2: [0, 180], 4: [0, 90, 180, 270] };

const sources = new Map<ViewTurn, Int32Array>();

/** For each pixel of the 28×28 turned by `turn` degrees counter-clockwise, the pixel it comes from. */
export function quarterTurnSources(turn: ViewTurn): Int32Array {
  const known = sources.get(turn);
  if (known) return known;
  const last = IMAGE_SIZE - 1;
  const map = new Int32Array(PIXELS);
  for (let y = 0; y < IMAGE_SIZE; y++) {
    for (let x = 0; x < IMAGE_SIZE; x++) {
      // The source of each output pixel: the inverse turn.
      let sx = x; let sy = y;
      if (turn === 90) { sx = last - y; sy = x; }
      else if (turn === 180) { sx = last - x; sy = last - y; }
      else if (turn === 270) { sx = y; sy = last - x; }
      map[y * IMAGE_SIZE + x] = sy * IMAGE_SIZE + sx;
    }
  }
  sources.set(turn, map);
  return map;
}

/** Writes `pixels` turned by `turn` degrees counter-clockwise into `out` at `offset`. */
export function quarterTurn(pixels: Uint8Array, turn: ViewTurn, out: Uint8Array, offset = 0): void {
  const map = quarterTurnSources(turn);
  for (let p = 0; p < PIXELS; p++) out[offset + p] = pixels[map[p]];
}

/** `count` views, one after another in one array (count × 784 bytes), ready for one batched call. */
export function quarterTurnViews(pixels: Uint8Array, count: ViewCount = 4): Uint8Array {
  const out = new Uint8Array(count * PIXELS);
  VIEW_TURNS[count].forEach((turn, k) => quarterTurn(pixels, turn, out, k * PIXELS));
  return out;
}

/** One view of a views array, as its own 28×28 image (a copy). */
export function viewAt(views: Uint8Array, index: number): Uint8Array {
  return views.slice(index * PIXELS, (index + 1) * PIXELS);
}
