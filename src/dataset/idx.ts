// The IDX format of (Fashion-)MNIST: a big-endian header (magic 0x00000801 for labels,
// 0x00000803 for images, then the dimension sizes) followed by unsigned bytes.
import { gunzipSync } from 'node:zlib';

export interface IdxImages { count: number; rows: number; cols: number; pixels: Uint8Array }
export interface IdxLabels { count: number; labels: Uint8Array }

export class IdxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxError';
  }
}

const GZIP_MAGIC = [0x1f, 0x8b];
export const LABELS_MAGIC = 0x00000801;
export const IMAGES_MAGIC = 0x00000803;

/** Accepts the bytes as shipped (gzipped) or decompressed. */
export function decompressIfGzipped(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== GZIP_MAGIC[0] || bytes[1] !== GZIP_MAGIC[1]) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    throw new IdxError(`gzip data is corrupt or truncated (${(err as Error).message})`);
  }
}

function header(bytes: Uint8Array, words: number): number[] {
  if (bytes.length < words * 4) {
    throw new IdxError(`file is ${bytes.length} bytes, too short for an IDX header of ${words * 4} bytes`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: words }, (_, i) => view.getUint32(i * 4, false));
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function parseIdxLabels(raw: Uint8Array, classCount: number): IdxLabels {
  const bytes = decompressIfGzipped(raw);
  const [magic] = header(bytes, 1);
  if (magic !== LABELS_MAGIC) throw new IdxError(`expected labels magic ${hex(LABELS_MAGIC)}, got ${hex(magic)}`);
  const [, count] = header(bytes, 2);
  const expected = 8 + count;
  if (bytes.length !== expected) {
    throw new IdxError(`header says ${count} labels (${expected} bytes), file has ${bytes.length} bytes`);
  }
  const labels = bytes.subarray(8);
  const bad = labels.findIndex((l) => l >= classCount);
  if (bad >= 0) throw new IdxError(`label ${bad} is ${labels[bad]}, expected 0..${classCount - 1}`);
  return { count, labels };
}

export function parseIdxImages(raw: Uint8Array, size: number): IdxImages {
  const bytes = decompressIfGzipped(raw);
  const [magic] = header(bytes, 1);
  if (magic !== IMAGES_MAGIC) throw new IdxError(`expected images magic ${hex(IMAGES_MAGIC)}, got ${hex(magic)}`);
  const [, count, rows, cols] = header(bytes, 4);
  if (rows !== size || cols !== size) throw new IdxError(`expected ${size}×${size} images, got ${rows}×${cols}`);
  const expected = 16 + count * rows * cols;
  if (bytes.length !== expected) {
    throw new IdxError(`header says ${count} images (${expected} bytes), file has ${bytes.length} bytes`);
  }
  return { count, rows, cols, pixels: bytes.subarray(16) };
}

/** Builds IDX bytes; used by tests and by the tools that write small datasets. */
export function encodeIdx(magic: number, dims: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + dims.length * 4 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + i * 4, d, false));
  out.set(data, 4 + dims.length * 4);
  return out;
}
