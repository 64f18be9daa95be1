// What the empty tray looks like at every pixel, as RGB. With a calibrated reference frame
// that is simply the reference; without one, a smooth colour surface is fitted to the frame's
// border (where there is tray, not garment), so a lighting gradient across the tray is not
// mistaken for a garment. Real trays and sheets are coloured, so this is done in colour.
import type { RgbImage } from './frame.js';
import { nthSmallest } from './nth-smallest.js';

/** Border band used for the fit, as a fraction of the shorter side. */
const BAND = 0.06;
const TERMS = 6; // 1, x, y, x², y², xy

function termsAt(x: number, y: number, out: Float64Array): void {
  out[0] = 1; out[1] = x; out[2] = y; out[3] = x * x; out[4] = y * y; out[5] = x * y;
}

/** Solves the normal equations (A·x = b, A symmetric positive definite) by Gaussian elimination. */
function solve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const v = Float64Array.from(b);
  for (let i = 0; i < n; i++) m[i * n + i] += 1e-6; // ridge: keeps a degenerate border solvable
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    for (let k = 0; k < n; k++) [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[col * n + k]];
    [v[col], v[pivot]] = [v[pivot], v[col]];
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col] / m[col * n + col];
      for (let k = col; k < n; k++) m[r * n + k] -= f * m[col * n + k];
      v[r] -= f * v[col];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = v[r];
    for (let k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
    x[r] = s / m[r * n + r];
  }
  return x;
}

/** Every second pixel of the border band, with its polynomial terms and colour precomputed. */
interface Samples { count: number; terms: Float64Array; colours: Float64Array }

/** Frames keep their size, so the border's sample positions and terms are worked out once per size. */
const layouts = new Map<string, { pixels: Int32Array; terms: Float64Array }>();

function borderLayout(width: number, height: number): { pixels: Int32Array; terms: Float64Array } {
  const key = `${width}x${height}`;
  const known = layouts.get(key);
  if (known) return known;
  const band = Math.max(2, Math.round(Math.min(width, height) * BAND));
  const picked: number[] = [];
  for (let y = 0; y < height; y++) {
    const rowInBand = y < band || y >= height - band;
    for (let x = (y & 1); x < width; x += 2) {
      if (rowInBand || x < band || x >= width - band) picked.push(y * width + x);
    }
  }
  const terms = new Float64Array(picked.length * TERMS);
  const t = new Float64Array(TERMS);
  picked.forEach((p, k) => {
    termsAt((p % width) / width - 0.5, Math.floor(p / width) / height - 0.5, t);
    terms.set(t, k * TERMS);
  });
  const layout = { pixels: Int32Array.from(picked), terms };
  if (layouts.size > 8) layouts.clear();
  layouts.set(key, layout);
  return layout;
}

function borderSamples(img: RgbImage): Samples {
  const { pixels, terms } = borderLayout(img.width, img.height);
  const colours = new Float64Array(pixels.length * 3);
  for (let k = 0; k < pixels.length; k++) {
    const p = pixels[k] * 3;
    colours[k * 3] = img.data[p]; colours[k * 3 + 1] = img.data[p + 1]; colours[k * 3 + 2] = img.data[p + 2];
  }
  return { count: pixels.length, terms, colours };
}

/** Least squares over the samples `keep` marks. */
function fitSurface(s: Samples, keep: Uint8Array): Float64Array[] {
  const ata = new Float64Array(TERMS * TERMS);
  const atb = [new Float64Array(TERMS), new Float64Array(TERMS), new Float64Array(TERMS)];
  for (let k = 0; k < s.count; k++) {
    if (!keep[k]) continue;
    const o = k * TERMS;
    for (let i = 0; i < TERMS; i++) {
      const ti = s.terms[o + i];
      for (let j = i; j < TERMS; j++) ata[i * TERMS + j] += ti * s.terms[o + j];
      for (let c = 0; c < 3; c++) atb[c][i] += ti * s.colours[k * 3 + c];
    }
  }
  for (let i = 0; i < TERMS; i++) for (let j = 0; j < i; j++) ata[i * TERMS + j] = ata[j * TERMS + i];
  return atb.map((b) => solve(ata, b, TERMS));
}

/** The fitted surface at every pixel; per row the polynomial is a quadratic in x, evaluated directly. */
function render(img: RgbImage, coef: Float64Array[], out: Float32Array): Float32Array {
  for (let y = 0; y < img.height; y++) {
    const v = y / img.height - 0.5;
    for (let c = 0; c < 3; c++) {
      const k = coef[c];
      const a0 = k[0] + k[2] * v + k[4] * v * v;
      const a1 = k[1] + k[5] * v;
      const a2 = k[3];
      let at = y * img.width * 3 + c;
      for (let x = 0; x < img.width; x++, at += 3) {
        const u = x / img.width - 0.5;
        out[at] = a0 + (a1 + a2 * u) * u;
      }
    }
  }
  return out;
}

/** Squared colour distance of every border sample from the fitted surface. */
function residuals(s: Samples, coef: Float64Array[], out: Float64Array): void {
  for (let k = 0, t = 0; k < s.count; k++, t += TERMS) {
    let d = 0;
    for (let c = 0; c < 3; c++) {
      const q = coef[c];
      const v = q[0] * s.terms[t] + q[1] * s.terms[t + 1] + q[2] * s.terms[t + 2] + q[3] * s.terms[t + 3] + q[4] * s.terms[t + 4] + q[5] * s.terms[t + 5];
      const e = s.colours[k * 3 + c] - v;
      d += e * e;
    }
    out[k] = d;
  }
}

/**
 * The background buffer is reused from frame to frame (one allocation less per garment): it
 * is valid until the next call, which is all `preprocessImage` needs, as it uses it at once.
 */
let surface = new Float32Array(0);

/**
 * Fits the border three times: each refit drops the border samples that disagreed most with
 * the last (a sleeve or a hanger reaching the edge), so a garment touching the border does not
 * drag the background towards its own colour.
 */
export function estimateBackground(img: RgbImage): Float32Array {
  const s = borderSamples(img);
  const keep = new Uint8Array(s.count).fill(1);
  let coef = fitSurface(s, keep);
  const residual = new Float64Array(s.count);
  const selecting = new Float64Array(s.count); // nthSmallest reorders what it is given
  for (let round = 0; round < 2; round++) {
    residuals(s, coef, residual);
    selecting.set(residual);
    const cut = nthSmallest(selecting, Math.floor(s.count * 0.7));
    for (let k = 0; k < s.count; k++) keep[k] = residual[k] <= cut ? 1 : 0;
    coef = fitSurface(s, keep);
  }
  if (surface.length !== img.width * img.height * 3) surface = new Float32Array(img.width * img.height * 3);
  return render(img, coef, surface);
}

/** A reference frame of the empty tray, already decoded at the same working size. */
export function referenceBackground(reference: RgbImage, frame: RgbImage): Float32Array {
  if (reference.width !== frame.width || reference.height !== frame.height) {
    throw new Error(`the reference frame is ${reference.width}×${reference.height} but this frame is ${frame.width}×${frame.height}; recalibrate after changing the camera or tray region`);
  }
  return Float32Array.from(reference.data);
}
