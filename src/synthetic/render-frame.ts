// Photo-like camera frames made from Fashion-MNIST images: the garment, dark as the product
// photos were before negation, lying on a light tray with uneven light and sensor noise, at a
// random place and size. The demo replays them, and the camera-domain benchmark scores the
// whole preprocess → classify path on them.
import sharp from 'sharp';
import { IMAGE_SIZE } from '../dataset/classes.js';
import { Random } from '../training/random.js';
import { LINEAR, toSrgb8 } from '../colour/oklab.js';

export interface FrameStyle {
  width: number;
  height: number;
  /** Tray colour, RGB 0–255, before lighting. */
  tray: [number, number, number];
  /** Garment tint: the colour of its darkest parts' complement, RGB 0–1. */
  tint: [number, number, number];
  /** Garment's longest side as a share of the frame's shorter side. */
  scale: number;
  /** Centre offset as a share of the free space, −1..1 each axis. */
  offset: [number, number];
  /** Light falls off by up to this share across the tray. */
  lightFalloff: number;
  /** Direction the light comes from, radians. */
  lightAngle: number;
  noise: number;
  /** Gaussian blur sigma in px after rendering (focus), 0 for none. */
  blur: number;
  jpegQuality: number;
  /** The garment's turn on the tray, degrees counter-clockwise (absent: lying as photographed). */
  angle?: number;
  /**
   * A garment of known colour (the colour benchmark): its fabric in sRGB 0–255 (a second one
   * in vertical stripes of `stripe` px, or in a print, for two-colour garments), lit by `light`,
   * per-channel gains in linear light (warm or cool), which tint the tray alike. Replaces `tint`.
   */
  colour?: { fabric: [number, number, number]; second?: [number, number, number]; stripe?: number; print?: Print; check?: number; light: [number, number, number] };
}

/**
 * A print instead of stripes: round motifs of the second colour, one in each `cell`-px square
 * at a place of its own, covering `share` of the fabric. Motifs a few pixels across at the
 * working size blend into the ground at their edges, as a floral print does in a photo.
 */
export interface Print { share: number; cell: number }

export const DEMO_STYLE_RANGE = {
  trays: [[226, 220, 205], [210, 214, 220], [236, 232, 224], [214, 205, 190]] as [number, number, number][],
  scale: [0.55, 0.85],
  lightFalloff: [0.1, 0.35],
  noise: [2, 6],
};

/** A random style for one frame in the demo's range: light trays, mild light fall-off. */
export function randomDemoStyle(rng: Random, width = 640, height = 480): FrameStyle {
  const r = DEMO_STYLE_RANGE;
  const between = ([a, b]: number[]) => a + rng.next() * (b - a);
  const tintBase = 0.55 + rng.next() * 0.45;
  return {
    width, height,
    tray: r.trays[rng.int(0, r.trays.length - 1)],
    tint: [tintBase * (0.7 + 0.3 * rng.next()), tintBase * (0.7 + 0.3 * rng.next()), tintBase * (0.7 + 0.3 * rng.next())],
    scale: between(r.scale),
    offset: [rng.next() * 2 - 1, rng.next() * 2 - 1],
    lightFalloff: between(r.lightFalloff),
    lightAngle: rng.next() * Math.PI * 2,
    noise: between(r.noise),
    blur: 0,
    jpegQuality: 85,
  };
}

/** Renders one frame as JPEG. `pixels` is a 28×28 Fashion-MNIST image (garment bright on black). */
export async function renderFrame(pixels: Uint8Array, style: FrameStyle, seed: number): Promise<Buffer> {
  const rng = new Random(seed);
  const side = Math.round(Math.min(style.width, style.height) * style.scale);
  // Bicubic upscaling of the 28×28 gives soft, fabric-like edges rather than blocks.
  const angle = style.angle ?? 0;
  // A turned garment's box grows by |cos| + |sin|: shrink it by as much so it stays on the tray.
  const grow = Math.abs(Math.cos((angle * Math.PI) / 180)) + Math.abs(Math.sin((angle * Math.PI) / 180));
  const scaled = Math.round(side / grow);
  let garment = sharp(Buffer.from(pixels), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1 } }).resize(scaled, scaled, { kernel: 'cubic' });
  // sharp turns clockwise; the style's angle is counter-clockwise like everything in src/pose.
  if (angle % 360 !== 0) garment = sharp(await garment.extractChannel(0).raw().toBuffer(), { raw: { width: scaled, height: scaled, channels: 1 } }).rotate(-angle, { background: { r: 0, g: 0, b: 0 } });
  const { data: big, info } = await garment.extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  const bigW = info.width;
  const bigH = info.height;
  const left = Math.round(((style.width - bigW) / 2) * (1 + style.offset[0] * 0.9));
  const top = Math.round(((style.height - bigH) / 2) * (1 + style.offset[1] * 0.9));
  const out = Buffer.alloc(style.width * style.height * 3);
  const [lx, ly] = [Math.cos(style.lightAngle), Math.sin(style.lightAngle)];
  const diag = Math.hypot(style.width, style.height) / 2;
  for (let y = 0; y < style.height; y++) {
    for (let x = 0; x < style.width; x++) {
      const along = ((x - style.width / 2) * lx + (y - style.height / 2) * ly) / diag; // −1..1
      const light = 1 - style.lightFalloff * (along + 1) / 2;
      const gx = x - left;
      const gy = y - top;
      const fm = gx >= 0 && gy >= 0 && gx < bigW && gy < bigH ? big[gy * bigW + gx] : 0;
      // Opaque wherever Fashion-MNIST has any garment; the photo's darkness is the negation of fm.
      const cover = Math.min(1, fm / 40);
      const shade = 1 - fm / 255;
      const known = style.colour;
      for (let c = 0; c < 3; c++) {
        let value: number;
        if (known) {
          // Fabric colour, textured by the garment's own detail, under the light's colour.
          const fabric = known.second && inSecond(gx, gy, known) ? known.second : known.fabric;
          const texture = 0.8 + 0.2 * (fm / 255);
          const mixed = LINEAR[style.tray[c]] * (1 - cover) + LINEAR[fabric[c]] * texture * cover;
          value = toSrgb8(mixed * known.light[c] * light) + (rng.next() - 0.5) * 2 * style.noise;
        } else {
          const garment = 255 * (1 - style.tint[c] * (1 - shade * 0.9)) * 0.92;
          value = (style.tray[c] * (1 - cover) + garment * cover) * light + (rng.next() - 0.5) * 2 * style.noise;
        }
        out[(y * style.width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  let image = sharp(out, { raw: { width: style.width, height: style.height, channels: 3 } });
  if (style.blur > 0) image = image.blur(style.blur);
  return image.jpeg({ quality: style.jpegQuality }).toBuffer();
}

/** Whether garment pixel (x, y) is in the second colour: a print's motif, a check's square, or every other stripe. */
function inSecond(x: number, y: number, known: NonNullable<FrameStyle['colour']>): boolean {
  if (known.print) return inPrint(x, y, known.print);
  if (known.check) return (Math.floor(x / known.check) + Math.floor(y / known.check)) % 2 === 1;
  return Math.floor(x / (known.stripe ?? 8)) % 2 === 1;
}

/** Whether garment pixel (x, y) lies in a motif of `print`: a disc in its cell, placed by a hash of the cell. */
function inPrint(x: number, y: number, print: Print): boolean {
  const cx = Math.floor(x / print.cell);
  const cy = Math.floor(y / print.cell);
  const radius = print.cell * Math.sqrt(print.share / Math.PI);
  // The disc stays inside its cell, so shares add up; where in the cell is the hash's choice.
  const room = Math.max(0, print.cell / 2 - radius);
  const h = Math.imul(cx * 73_856_093 ^ cy * 19_349_663, 0x9e3779b1) >>> 0;
  const ox = print.cell / 2 + (((h & 0xffff) / 0xffff) * 2 - 1) * room;
  const oy = print.cell / 2 + (((h >>> 16) / 0xffff) * 2 - 1) * room;
  return Math.hypot(x - cx * print.cell - ox, y - cy * print.cell - oy) <= radius;
}
