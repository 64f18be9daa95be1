// Turns the garment's intensity map (one float per working-image pixel, 0 off the garment)
// about the middle of its box, onto a canvas just big enough for the turned box. Done at the
// working size (about 96 px), never on the full frame, so a turn costs well under a
// millisecond; bilinear, so the outline stays smooth for the 28-px trim that follows.

export interface Box { x: number; y: number; width: number; height: number }

export interface TurnedMap {
  map: Float32Array;
  width: number;
  height: number;
}

/** `degrees` counter-clockwise on screen, the convention of everything in src/pose. */
export function turnMap(src: Float32Array, srcWidth: number, srcHeight: number, box: Box, degrees: number): TurnedMap {
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad);
  const sin = Math.sin(rad);
  const width = Math.ceil(Math.abs(box.width * cos) + Math.abs(box.height * sin)) + 2;
  const height = Math.ceil(Math.abs(box.width * sin) + Math.abs(box.height * cos)) + 2;
  const scx = box.x + box.width / 2;
  const scy = box.y + box.height / 2;
  const map = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const dy = y + 0.5 - height / 2;
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - width / 2;
      // The inverse turn finds where this pixel's centre was; -0.5 goes from centres to indices.
      const sx = scx + cos * dx - sin * dy - 0.5;
      const sy = scy + sin * dx + cos * dy - 0.5;
      map[y * width + x] = bilinear(src, srcWidth, srcHeight, sx, sy);
    }
  }
  return { map, width, height };
}

/** Bilinear sample of a one-channel float image at (x, y) in pixel indices; outside it is 0 (background). */
export function bilinear(src: Float32Array, w: number, h: number, x: number, y: number): number {
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  if (x0 < -1 || y0 < -1 || x0 >= w || y0 >= h) return 0;
  const fx = x - x0;
  const fy = y - y0;
  const get = (xx: number, yy: number) => (xx >= 0 && yy >= 0 && xx < w && yy < h ? src[yy * w + xx] : 0);
  const top = get(x0, y0) * (1 - fx) + get(x0 + 1, y0) * fx;
  const bottom = get(x0, y0 + 1) * (1 - fx) + get(x0 + 1, y0 + 1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/** The tight box around values at or above `level`; undefined when there are none. */
export function boxAbove(map: Float32Array, width: number, height: number, level: number): Box | undefined {
  let x0 = width; let y0 = height; let x1 = -1; let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (map[y * width + x] < level) continue;
      if (x < x0) x0 = x; if (x > x1) x1 = x;
      if (y < y0) y0 = y; if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
