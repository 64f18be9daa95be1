// A photo turned as if its garment (and whatever it lies on) had been put down at an angle:
// the corners the turn opens are filled with the photo's own border colour, so they read as
// more of the same tray rather than as a black frame. The pose benchmark and tests use it.
import sharp from 'sharp';

/** Median colour of the photo's outer ring (at 48×48: cheap, and a median ignores a sleeve at the edge). */
export async function borderColour(bytes: Buffer): Promise<{ r: number; g: number; b: number }> {
  const { data, info } = await sharp(bytes).rotate().resize(48, 48, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const ring: number[][] = [[], [], []];
  for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) {
    if (x > 1 && y > 1 && x < info.width - 2 && y < info.height - 2) continue;
    for (let c = 0; c < 3; c++) ring[c].push(data[(y * info.width + x) * 3 + c]);
  }
  const [r, g, b] = ring.map((v) => v.sort((p, q) => p - q)[v.length >> 1]);
  return { r, g, b };
}

/** `photo` (already upright by its EXIF) turned `angle` degrees counter-clockwise, as a JPEG. */
export async function turnPhoto(photo: Buffer, angle: number, background?: { r: number; g: number; b: number }): Promise<Buffer> {
  return sharp(photo).rotate(-angle, { background: background ?? await borderColour(photo) }).jpeg({ quality: 92 }).toBuffer();
}
