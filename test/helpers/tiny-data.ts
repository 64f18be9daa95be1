// Small datasets cut from the real Fashion-MNIST files (Debian's dataset-fashion-mnist), so
// tests see real garments without training on 60,000 of them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PIXELS } from '../../src/dataset/classes.js';
import { decompressIfGzipped, encodeIdx, IMAGES_MAGIC, LABELS_MAGIC } from '../../src/dataset/idx.js';
import { DEBIAN_DIR, FILES, findFile, type FileKey } from '../../src/dataset/locate.js';

export const REAL_DATA_DIR = process.env.FASHION_MNIST_DIR ?? DEBIAN_DIR;

function realBytes(key: FileKey): Uint8Array {
  const path = findFile(REAL_DATA_DIR, key);
  if (!path) throw new Error(`tests need Fashion-MNIST in ${REAL_DATA_DIR}: sudo apt-get install dataset-fashion-mnist`);
  return decompressIfGzipped(readFileSync(path));
}

export function realImages(key: 'trainImages' | 'testImages', count: number): Uint8Array {
  return realBytes(key).subarray(16, 16 + count * PIXELS);
}

export function realLabels(key: 'trainLabels' | 'testLabels', count: number): Uint8Array {
  return realBytes(key).subarray(8, 8 + count);
}

/** Writes the first `train`/`test` real images as the four IDX files (gzipped like the official ones). */
export function writeTinyDataset(dir: string, train: number, test: number, gzip = true): void {
  const write = (key: FileKey, bytes: Uint8Array) =>
    writeFileSync(join(dir, FILES[key] + (gzip ? '.gz' : '')), gzip ? gzipSync(bytes) : bytes);
  write('trainImages', encodeIdx(IMAGES_MAGIC, [train, 28, 28], realImages('trainImages', train)));
  write('trainLabels', encodeIdx(LABELS_MAGIC, [train], realLabels('trainLabels', train)));
  write('testImages', encodeIdx(IMAGES_MAGIC, [test, 28, 28], realImages('testImages', test)));
  write('testLabels', encodeIdx(LABELS_MAGIC, [test], realLabels('testLabels', test)));
}
