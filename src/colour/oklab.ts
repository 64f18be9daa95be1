// sRGB → OKLab (Björn Ottosson, 2020): a perceptual space where L is lightness (0 black … 1
// white), a and b are the green–red and blue–yellow axes, and chroma sqrt(a² + b²) is how
// coloured something looks. Unlike HSV, equal steps look equal, so one threshold on L or on
// chroma means the same thing for every hue; that is what the colour groups are defined in.

export interface Oklab { L: number; a: number; b: number }

/** sRGB's transfer curve, undone: an 8-bit value → linear light 0…1, from a table (a frame has thousands of pixels). */
export const LINEAR = Float32Array.from({ length: 256 }, (_, v) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
});

/** Linear light of an sRGB level that may be fractional or out of range, as the background model's are. */
export const linearOfLevel = (v: number): number => LINEAR[Math.max(0, Math.min(255, Math.round(v)))];

/** Linear light → an 8-bit sRGB value (clamped). */
export function toSrgb8(linear: number): number {
  const c = Math.min(1, Math.max(0, linear));
  const v = c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055;
  return Math.round(v * 255);
}

/** Linear sRGB (each 0…1) → OKLab. */
export function linearToOklab(r: number, g: number, b: number): Oklab {
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return {
    L: 0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    a: 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    b: 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  };
}

/** OKLab → linear sRGB (may fall outside 0…1 for colours a screen cannot show). */
export function oklabToLinear({ L, a, b }: Oklab): [number, number, number] {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
    -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
    -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s,
  ];
}

export function srgb8ToOklab(r: number, g: number, b: number): Oklab {
  return linearToOklab(LINEAR[r], LINEAR[g], LINEAR[b]);
}

export const chroma = (c: Oklab) => Math.hypot(c.a, c.b);

export function toHex(linear: [number, number, number]): string {
  return `#${linear.map((v) => toSrgb8(v).toString(16).padStart(2, '0')).join('')}`;
}
