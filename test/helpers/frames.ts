// Camera-like frames for preprocessing tests, drawn with sharp.
import sharp from 'sharp';
import { renderFrame, type FrameStyle } from '../../src/synthetic/render-frame.js';
import { realSplit } from './tiny-training.js';

export const STYLE: FrameStyle = {
  width: 640, height: 480, tray: [225, 215, 200], tint: [0.8, 0.7, 0.6], scale: 0.7, offset: [0.2, -0.3],
  lightFalloff: 0.3, lightAngle: 0.7, noise: 4, blur: 0, jpegQuality: 90,
};

export function testGarment(index: number): { pixels: Uint8Array; label: number } {
  const split = realSplit('test', index + 1);
  return { pixels: split.images.subarray(index * 784, (index + 1) * 784), label: split.labels[index] };
}

export async function garmentFrame(index: number, style: Partial<FrameStyle> = {}): Promise<Buffer> {
  return renderFrame(testGarment(index).pixels, { ...STYLE, ...style }, index);
}

/** An empty tray: a colour with a light gradient and noise, as JPEG. */
export async function emptyTray(width = 640, height = 480, colour: [number, number, number] = [200, 190, 175], noise = 5): Promise<Buffer> {
  const data = Buffer.alloc(width * height * 3);
  let seed = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const light = 1 - 0.3 * (x / width);
      for (let c = 0; c < 3; c++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        data[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, colour[c] * light + ((seed / 2 ** 32) - 0.5) * 2 * noise));
      }
    }
  }
  return sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** Pearson correlation of two images, a fair "do these look alike" for 28×28 garments. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0; let mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
  let sab = 0; let saa = 0; let sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

/** Intersection over union of the "garment" pixels (above `level`) of two 28×28 images. */
export function silhouetteIou(a: ArrayLike<number>, b: ArrayLike<number>, level = 30): number {
  let both = 0; let either = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] > level; const y = b[i] > level;
    if (x && y) both++;
    if (x || y) either++;
  }
  return either === 0 ? 1 : both / either;
}
