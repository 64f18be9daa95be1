// Reads the markers of a baseline JPEG up to its scan: quantisation and Huffman tables, the
// frame's size and sampling, the restart interval, and the few things that would make a
// straight decode wrong (EXIF orientation, an ICC profile, RGB or CMYK data). Anything this
// fast path does not handle returns a reason instead of a header, and sharp decodes the frame.
import { buildHuffmanTable, type HuffmanTable } from './huffman.js';

export interface JpegComponent {
  id: number;
  /** Horizontal and vertical sampling factors. */
  h: number;
  v: number;
  quant: number;
  dcTable: number;
  acTable: number;
}

export interface JpegHeader {
  width: number;
  height: number;
  components: JpegComponent[];
  /** Quantisation tables in zig-zag order, by table id. */
  quant: Int32Array[];
  dc: HuffmanTable[];
  ac: HuffmanTable[];
  /** MCUs between restart markers, 0 for none. */
  restartInterval: number;
  /** Offset of the first byte of entropy-coded data. */
  scanStart: number;
}

export type HeaderResult = { header: JpegHeader } | { unsupported: string };

const u16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];

export function readJpegHeader(bytes: Uint8Array): HeaderResult {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return { unsupported: 'not a JPEG' };
  const quant: Int32Array[] = [];
  const dc: HuffmanTable[] = [];
  const ac: HuffmanTable[] = [];
  let frame: { width: number; height: number; components: JpegComponent[] } | undefined;
  let restartInterval = 0;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return { unsupported: 'bad marker' };
    const marker = bytes[at + 1];
    if (marker === 0xff) { at++; continue; } // fill byte
    const length = u16(bytes, at + 2);
    const body = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return { unsupported: 'truncated header' };
    switch (marker) {
      case 0xdb: // DQT
        for (let p = body; p < end;) {
          const precision = bytes[p] >> 4;
          const id = bytes[p] & 15;
          if (precision !== 0 || id > 3 || p + 65 > end) return { unsupported: '16-bit quantisation table' };
          quant[id] = Int32Array.from(bytes.subarray(p + 1, p + 65));
          p += 65;
        }
        break;
      case 0xc4: // DHT
        for (let p = body; p < end;) {
          const kind = bytes[p] >> 4;
          const id = bytes[p] & 15;
          if (kind > 1 || id > 3 || p + 17 > end) return { unsupported: 'bad Huffman table' };
          const counts = bytes.subarray(p + 1, p + 17);
          const total = counts.reduce((a, c) => a + c, 0);
          if (p + 17 + total > end) return { unsupported: 'bad Huffman table' };
          const table = buildHuffmanTable(counts, bytes.subarray(p + 17, p + 17 + total));
          if (!table) return { unsupported: 'bad Huffman table' };
          (kind === 0 ? dc : ac)[id] = table;
          p += 17 + total;
        }
        break;
      case 0xc0: case 0xc1: { // baseline and extended sequential, Huffman-coded
        if (bytes[body] !== 8) return { unsupported: `${bytes[body]}-bit samples` };
        const count = bytes[body + 5];
        if (count !== 1 && count !== 3) return { unsupported: `${count} components` };
        const components: JpegComponent[] = [];
        for (let c = 0; c < count; c++) {
          const p = body + 6 + c * 3;
          components.push({ id: bytes[p], h: bytes[p + 1] >> 4, v: bytes[p + 1] & 15, quant: bytes[p + 2], dcTable: 0, acTable: 0 });
        }
        frame = { height: u16(bytes, body + 1), width: u16(bytes, body + 3), components };
        if (frame.width === 0 || frame.height === 0) return { unsupported: 'no size in the frame header' };
        break;
      }
      case 0xdd: // DRI
        restartInterval = u16(bytes, body);
        break;
      case 0xe1: // APP1: EXIF orientation other than upright needs sharp's rotate
        if (exifOrientation(bytes.subarray(body, end)) > 1) return { unsupported: 'EXIF orientation' };
        break;
      case 0xe2: // APP2: an ICC profile means colour management
        if (String.fromCharCode(...bytes.subarray(body, body + 11)) === 'ICC_PROFILE') return { unsupported: 'ICC profile' };
        break;
      case 0xee: // APP14 Adobe: transform 0 means the three channels are RGB, not YCbCr
        if (String.fromCharCode(...bytes.subarray(body, body + 5)) === 'Adobe' && bytes[body + 11] === 0) return { unsupported: 'RGB JPEG' };
        break;
      case 0xda: { // SOS: the one interleaved scan of a baseline frame
        if (!frame) return { unsupported: 'scan before frame header' };
        const count = bytes[body];
        if (count !== frame.components.length) return { unsupported: 'non-interleaved scans' };
        for (let c = 0; c < count; c++) {
          const component = frame.components.find((k) => k.id === bytes[body + 1 + c * 2]);
          if (!component) return { unsupported: 'scan names an unknown component' };
          component.dcTable = bytes[body + 2 + c * 2] >> 4;
          component.acTable = bytes[body + 2 + c * 2] & 15;
        }
        const header = { ...frame, quant, dc, ac, restartInterval, scanStart: end };
        const missing = checkTables(header);
        return missing ? { unsupported: missing } : { header };
      }
      default:
        if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { unsupported: 'progressive, lossless or arithmetic-coded JPEG' };
    }
    at = end;
  }
  return { unsupported: 'no scan' };
}

function checkTables(h: JpegHeader): string | undefined {
  for (const c of h.components) {
    if (!h.quant[c.quant]) return 'missing quantisation table';
    if (!h.dc[c.dcTable] || !h.ac[c.acTable]) return 'missing Huffman table'; // e.g. MJPEG without DHT: sharp knows the standard ones
    if (c.h < 1 || c.h > 2 || c.v < 1 || c.v > 2) return `sampling ${c.h}×${c.v}`;
  }
  if (h.components.length === 3) {
    if (h.components[1].h !== 1 || h.components[1].v !== 1 || h.components[2].h !== 1 || h.components[2].v !== 1) return 'subsampled luma';
    if (String.fromCharCode(...h.components.map((c) => c.id)) === 'RGB') return 'RGB JPEG';
  }
  return undefined;
}

/** The EXIF orientation tag (1–8), 1 when absent or unreadable. */
export function exifOrientation(app1: Uint8Array): number {
  if (app1.length < 14 || String.fromCharCode(...app1.subarray(0, 4)) !== 'Exif') return 1;
  const tiff = app1.subarray(6);
  const little = tiff[0] === 0x49;
  const read16 = (at: number) => (little ? tiff[at] | (tiff[at + 1] << 8) : (tiff[at] << 8) | tiff[at + 1]);
  const read32 = (at: number) => (little ? (read16(at) | (read16(at + 2) << 16)) >>> 0 : ((read16(at) << 16) | read16(at + 2)) >>> 0);
  const ifd = read32(4);
  if (ifd + 2 > tiff.length) return 1;
  const entries = read16(ifd);
  for (let e = 0; e < entries; e++) {
    const at = ifd + 2 + e * 12;
    if (at + 12 > tiff.length) return 1;
    if (read16(at) === 0x0112) return read16(at + 8);
  }
  return 1;
}
