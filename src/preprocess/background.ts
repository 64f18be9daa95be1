// What the empty tray looks like at every pixel, as RGB. With a calibrated reference frame
// that is simply the reference; without one, a smooth colour surface is fitted to the frame's
// border (where there is tray, not garment), so a lighting gradient across the tray is not
// mistaken for a garment. Real trays and sheets are coloured, so this is done in colour.
import type { RgbImage } from './frame.js';

/** Border band used for the fit, as a fraction of the shorter side. */
const BAND = 0.06;
const TERMS = 6; // 1, x, y, x², y², xy

function terms(x: number, y: number, out: Float64Array): void {
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

function borderPixels(img: RgbImage): number[] {
  const band = Math.max(2, Math.round(Math.min(img.width, img.height) * BAND));
  const out: number[] = [];
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (x < band || y < band || x >= img.width - band || y >= img.height - band) out.push(y * img.width + x);
    }
  }
  return out;
}

function fitSurface(img: RgbImage, pixels: number[]): Float64Array[] {
  const t = new Float64Array(TERMS);
  const ata = new Float64Array(TERMS * TERMS);
  const atb = [new Float64Array(TERMS), new Float64Array(TERMS), new Float64Array(TERMS)];
  for (const p of pixels) {
    terms((p % img.width) / img.width - 0.5, Math.floor(p / img.width) / img.height - 0.5, t);
    for (let i = 0; i < TERMS; i++) {
      for (let j = 0; j < TERMS; j++) ata[i * TERMS + j] += t[i] * t[j];
      for (let c = 0; c < 3; c++) atb[c][i] += t[i] * img.data[p * 3 + c];
    }
  }
  return atb.map((b) => solve(ata, b, TERMS));
}

/** The fitted surface at every pixel; per row the polynomial is a quadratic in x, evaluated directly. */
function render(img: RgbImage, coef: Float64Array[]): Float32Array {
  const out = new Float32Array(img.width * img.height * 3);
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

function surfaceAt(coef: Float64Array[], u: number, v: number, c: number): number {
  const k = coef[c];
  return k[0] + k[1] * u + k[2] * v + k[3] * u * u + k[4] * v * v + k[5] * u * v;
}

/**
 * Fits the border three times: each refit drops the border pixels that disagreed most with the
 * last (a sleeve or a hanger reaching the edge), so a garment touching the border does not
 * drag the background towards its own colour.
 */
export function estimateBackground(img: RgbImage): Float32Array {
  let pixels = borderPixels(img);
  let coef = fitSurface(img, pixels);
  for (let round = 0; round < 2; round++) {
    const residual = pixels.map((p) => {
      const u = (p % img.width) / img.width - 0.5;
      const v = Math.floor(p / img.width) / img.height - 0.5;
      let d = 0;
      for (let c = 0; c < 3; c++) d += (img.data[p * 3 + c] - surfaceAt(coef, u, v, c)) ** 2;
      return d;
    });
    const cut = Float64Array.from(residual).sort()[Math.floor(residual.length * 0.7)];
    pixels = pixels.filter((_, i) => residual[i] <= cut);
    coef = fitSurface(img, pixels);
  }
  return render(img, coef);
}

/** A reference frame of the empty tray, already decoded at the same working size. */
export function referenceBackground(reference: RgbImage, frame: RgbImage): Float32Array {
  if (reference.width !== frame.width || reference.height !== frame.height) {
    throw new Error(`the reference frame is ${reference.width}×${reference.height} but this frame is ${frame.width}×${frame.height}; recalibrate after changing the camera or tray region`);
  }
  return Float32Array.from(reference.data);
}
