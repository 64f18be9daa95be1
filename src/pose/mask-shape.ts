// What a garment's mask says about how it lies: its second moments (centre, principal axis,
// elongation) and its minimum-area bounding rectangle (the direction of its straight edges).
// Both give an angle only up to a half or quarter turn; the classifier's views settle the rest.

export interface Moments {
  /** Pixels in the mask. */
  area: number;
  cx: number;
  cy: number;
  /** The principal axis, degrees in (−90, 90], counter-clockwise from the image's x axis. */
  axis: number;
  /** Square root of the ratio of the principal variances: 1 for a disc, large for a stick. */
  elongation: number;
}

export interface MinAreaRect {
  /** Direction of one side, degrees in (−45, 45]: the other side is this plus 90. */
  angle: number;
  /** Side along `angle`, and across it, in pixels. */
  length: number;
  breadth: number;
  /** Its centre, in pixel-corner coordinates (the centre of pixel (0, 0) is (0.5, 0.5)). */
  cx: number;
  cy: number;
  /** The area of the convex hull the rectangle was fitted to, in pixels. */
  hullArea: number;
}

export function maskMoments(mask: Uint8Array, width: number, height: number): Moments {
  let area = 0; let sx = 0; let sy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) if (mask[i]) { area++; sx += x; sy += y; }
  }
  if (area === 0) return { area: 0, cx: width / 2, cy: height / 2, axis: 0, elongation: 1 };
  const cx = sx / area; const cy = sy / area;
  let xx = 0; let yy = 0; let xy = 0;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      if (!mask[i]) continue;
      const dx = x - cx; const dy = y - cy;
      xx += dx * dx; yy += dy * dy; xy += dx * dy;
    }
  }
  xx /= area; yy /= area; xy /= area;
  const spread = Math.sqrt(((xx - yy) / 2) ** 2 + xy * xy);
  const major = (xx + yy) / 2 + spread;
  const minor = Math.max(1e-9, (xx + yy) / 2 - spread);
  // Image rows grow downwards, so the screen's counter-clockwise angle is the negated atan.
  const axis = normaliseHalfTurn(-0.5 * Math.atan2(2 * xy, xx - yy) * (180 / Math.PI));
  return { area, cx, cy, axis, elongation: Math.sqrt(major / minor) };
}

/** Corners of the mask's pixels on each row's ends: enough for the hull of the whole mask. */
function outlineCorners(mask: Uint8Array, width: number, height: number): number[] {
  const points: number[] = [];
  for (let y = 0; y < height; y++) {
    let first = -1; let last = -1;
    for (let x = 0; x < width; x++) if (mask[y * width + x]) { if (first < 0) first = x; last = x; }
    if (first < 0) continue;
    points.push(first, y, first, y + 1, last + 1, y, last + 1, y + 1);
  }
  return points;
}

/** Convex hull (Andrew's monotone chain) of flat [x0, y0, x1, y1, …] points, counter-clockwise. */
export function convexHull(flat: number[]): [number, number][] {
  const pts: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) pts.push([flat[i], flat[i + 1]]);
  pts.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of pts) {
    while (lower.length >= 2 && cross(lower[lower.length - 2], lower[lower.length - 1], p) <= 0) lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (let i = pts.length - 1; i >= 0; i--) {
    const p = pts[i];
    while (upper.length >= 2 && cross(upper[upper.length - 2], upper[upper.length - 1], p) <= 0) upper.pop();
    upper.push(p);
  }
  return lower.slice(0, -1).concat(upper.slice(0, -1));
}

/** The smallest rectangle around the mask: one of its sides lies along an edge of the hull. */
export function minAreaRect(mask: Uint8Array, width: number, height: number): MinAreaRect {
  const hull = convexHull(outlineCorners(mask, width, height));
  let best = { angle: 0, length: 0, breadth: 0, cx: width / 2, cy: height / 2, area: Infinity };
  for (let i = 0; i < hull.length; i++) {
    const [ax, ay] = hull[i];
    const [bx, by] = hull[(i + 1) % hull.length];
    const len = Math.hypot(bx - ax, by - ay);
    if (len === 0) continue;
    const ux = (bx - ax) / len; const uy = (by - ay) / len;
    let minU = Infinity; let maxU = -Infinity; let minV = Infinity; let maxV = -Infinity;
    for (const [px, py] of hull) {
      const u = px * ux + py * uy;
      const v = -px * uy + py * ux;
      if (u < minU) minU = u; if (u > maxU) maxU = u;
      if (v < minV) minV = v; if (v > maxV) maxV = v;
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < best.area - 1e-9) {
      const angle = -Math.atan2(uy, ux) * (180 / Math.PI);
      const quarter = normaliseQuarterTurn(angle);
      // Which side runs along the reported angle changes when the angle wraps by 90°.
      const swapped = Math.round((angle - quarter) / 90) % 2 !== 0;
      const mu = (minU + maxU) / 2; const mv = (minV + maxV) / 2;
      best = {
        angle: quarter, length: swapped ? maxV - minV : maxU - minU, breadth: swapped ? maxU - minU : maxV - minV, area,
        cx: mu * ux - mv * uy, cy: mu * uy + mv * ux,
      };
    }
  }
  return { angle: best.angle, length: best.length, breadth: best.breadth, cx: best.cx, cy: best.cy, hullArea: polygonArea(hull) };
}

/** Shoelace area of a closed polygon. */
function polygonArea(points: [number, number][]): number {
  let twice = 0;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i];
    const [bx, by] = points[(i + 1) % points.length];
    twice += ax * by - bx * ay;
  }
  return Math.abs(twice / 2);
}

/** Degrees folded into (−90, 90]. */
export function normaliseHalfTurn(deg: number): number {
  let d = ((deg % 180) + 180) % 180;
  if (d > 90) d -= 180;
  return d === -90 ? 90 : d;
}

/** Degrees folded into (−45, 45]. */
export function normaliseQuarterTurn(deg: number): number {
  let d = ((deg % 90) + 90) % 90;
  if (d > 45) d -= 90;
  return d === -45 ? 45 : d;
}
