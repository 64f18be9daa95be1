// Trays with a texture of their own: wood planks, tiles, a patterned rug. The background model
// is a smooth surface fitted to the frame's border, and planks are not smooth: the darker ones
// differ from it as much as a garment does, join the garment's mask and turn its outline into
// a bag. What the border shows besides the smooth surface (the planks' few shades) is learnt
// here as a handful of colour offsets from it, which segmentation then also counts as tray.
import type { RgbImage } from './frame.js';
import { kMeans } from './k-means.js';
import { nthSmallest } from './nth-smallest.js';

/** Border band sampled, as a fraction of the shorter side (as the background fit's). */
const BAND = 0.06;
/** Sectors of the border whose spread is judged: texture is everywhere along it, a garment touching the edge is not. */
const SECTORS = 16;
/** A tray is textured when its sectors' median interquartile range of lightness offsets is at least this (levels). Plain trays in the real photos and renders: 2–9; their wood and tile floors: 10–23, the smoothest two (10.0, 11.8) left to the smooth fit. */
export const TEXTURE_SPREAD = 12;
/** Shades of the texture looked for (k-means), and the smallest share of the border one must cover to count. */
const SHADES = 6;
const MIN_SHADE_SHARE = 0.05;
const ROUNDS = 10;
/** A pixel within this colour distance (0–441) of a shade looks like the tray. */
const SHADE_MATCH = 20;
/** More than this share of the frame's centre in the tray's shades: the garment shares them. */
const CENTRE_IN_SHADES = 0.5;

/** The border's sample pixels, sector by sector, and where each sector starts: worked out once per frame size. */
interface Layout { pixels: Int32Array; starts: Int32Array; lightness: Float32Array }
const layouts = new Map<string, Layout>();

function layoutFor(w: number, h: number): Layout {
  const key = `${w}x${h}`;
  const known = layouts.get(key);
  if (known) return known;
  const band = Math.max(2, Math.round(Math.min(w, h) * BAND));
  const bySector: number[][] = Array.from({ length: SECTORS }, () => []);
  for (let y = 0; y < h; y++) {
    for (let x = y & 1; x < w; x += 2) {
      if (!(y < band || y >= h - band || x < band || x >= w - band)) continue;
      bySector[Math.floor(((Math.atan2(y - h / 2, x - w / 2) + Math.PI) / (2 * Math.PI)) * SECTORS) % SECTORS].push(y * w + x);
    }
  }
  const starts = new Int32Array(SECTORS + 1);
  bySector.forEach((s, k) => { starts[k + 1] = starts[k] + s.length; });
  const layout = { pixels: Int32Array.from(bySector.flat()), starts, lightness: new Float32Array(starts[SECTORS]) };
  if (layouts.size > 8) layouts.clear(); // straightened sheets come in any size: keep the few in use
  layouts.set(key, layout);
  return layout;
}

/** Colour offsets from the background model that are the tray's own texture (3 per shade), or undefined for a plain tray. */
export function trayTextures(img: RgbImage, background: Float32Array): Float32Array | undefined {
  const { pixels, starts, lightness } = layoutFor(img.width, img.height);
  const d = img.data;
  for (let k = 0; k < pixels.length; k++) {
    const i = pixels[k] * 3;
    lightness[k] = (d[i] - background[i] + d[i + 1] - background[i + 1] + d[i + 2] - background[i + 2]) / 3;
  }
  const spreads = new Float32Array(SECTORS);
  for (let s = 0; s < SECTORS; s++) {
    const part = lightness.subarray(starts[s], starts[s + 1]);
    if (part.length < 4) continue;
    const high = nthSmallest(part, Math.floor(part.length * 0.75));
    spreads[s] = high - nthSmallest(part, Math.floor(part.length * 0.25));
  }
  if (nthSmallest(spreads, SECTORS >> 1) < TEXTURE_SPREAD) return undefined;
  const offsets = new Float32Array(pixels.length * 3);
  for (let k = 0; k < pixels.length; k++) {
    for (let c = 0; c < 3; c++) offsets[k * 3 + c] = d[pixels[k] * 3 + c] - background[pixels[k] * 3 + c];
  }
  return shadesOf(offsets);
}

/** Squared colour distance from an offset (red, green, blue from the background) to the nearest shade; Infinity without shades. */
export function nearestShade(red: number, green: number, blue: number, textures: Float32Array): number {
  let nearest = Infinity;
  for (let t = 0; t < textures.length; t += 3) {
    const d = (red - textures[t]) ** 2 + (green - textures[t + 1]) ** 2 + (blue - textures[t + 2]) ** 2;
    if (d < nearest) nearest = d;
  }
  return nearest;
}

/** k-means of the offsets, started from their lightness quantiles; the shades covering MIN_SHADE_SHARE of the border. */
function shadesOf(offsets: Float32Array): Float32Array {
  const n = offsets.length / 3;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => lightnessOf(offsets, a) - lightnessOf(offsets, b));
  const starts = Array.from({ length: SHADES }, (_, k) => {
    const i = order[Math.floor(((k + 0.5) / SHADES) * n)];
    return [offsets[i * 3], offsets[i * 3 + 1], offsets[i * 3 + 2]];
  });
  const { centres, counts } = kMeans(offsets, starts, ROUNDS);
  return Float32Array.from(centres.filter((_, k) => counts[k] >= MIN_SHADE_SHARE * n).flat());
}

const lightnessOf = (offsets: Float32Array, i: number) => offsets[i * 3] + offsets[i * 3 + 1] + offsets[i * 3 + 2];

/**
 * True when the shades learnt from the border are the garment's too: most of the frame's
 * centre, where garments are put down, looks like them. A garment that fills the frame to its
 * edges lends the border its own colours (a cream coat, a beige dress on beige tiles), and
 * taking the "tray's" shades away would take the garment. The plain mask then stands. On the
 * real photos: garments on planks 0–47% of the centre, garments that shared the shades 61–88%.
 */
export function garmentInTrayShades(img: RgbImage, background: Float32Array, textures: Float32Array): boolean {
  const { width: w, height: h } = img;
  const [x0, x1, y0, y1] = [Math.floor(w / 3), Math.floor((2 * w) / 3), Math.floor(h / 3), Math.floor((2 * h) / 3)];
  let alike = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * w + x) * 3;
      if (nearestShade(img.data[i] - background[i], img.data[i + 1] - background[i + 1], img.data[i + 2] - background[i + 2], textures) < SHADE_MATCH * SHADE_MATCH) alike++;
    }
  }
  return alike > CENTRE_IN_SHADES * (x1 - x0) * (y1 - y0);
}
