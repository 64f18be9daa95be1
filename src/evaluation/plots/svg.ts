// Plots are SVG text rendered to PNG by sharp (librsvg): no canvas or native plotting
// library to install, and the SVG stays readable in a diff.
import sharp from 'sharp';

export const FONT = 'DejaVu Sans, Liberation Sans, Arial, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function text(x: number, y: number, content: string, attrs: Record<string, string | number> = {}): string {
  const a = Object.entries({ 'font-family': FONT, 'font-size': 12, ...attrs }).map(([k, v]) => `${k}="${v}"`).join(' ');
  return `<text x="${x}" y="${y}" ${a}>${escapeXml(content)}</text>`;
}

export function svgDocument(width: number, height: number, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="100%" height="100%" fill="white"/>${body.join('')}</svg>`;
}

export async function writePng(svg: string, path: string): Promise<void> {
  await sharp(Buffer.from(svg)).png().toFile(path);
}

/** A 28×28 grayscale image as a data: URI PNG, for <image> elements. */
export async function grayPngDataUri(pixels: Uint8Array, size: number): Promise<string> {
  const png = await sharp(Buffer.from(pixels), { raw: { width: size, height: size, channels: 1 } }).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
