// Loads the official Fashion-MNIST files, validated, with a fixed validation slice held out.
import { readFileSync } from 'node:fs';
import { CLASS_COUNT, IMAGE_SIZE, PIXELS } from './classes.js';
import { downloadFashionMnist, PINNED_SHA256, sha256 } from './download.js';
import { IdxError, decompressIfGzipped, parseIdxImages, parseIdxLabels } from './idx.js';
import { cacheDir, candidateDirs, findFile, locate, FILES, type FileKey } from './locate.js';
import { UserError } from '../errors/user-error.js';

export interface Split {
  count: number;
  /** count × 784 bytes, row-major, 0 = background, 255 = brightest garment pixel. */
  images: Uint8Array;
  labels: Uint8Array;
}

export interface FashionMnist {
  dir: string;
  train: Split;
  test: Split;
  /** sha256 of each decompressed file, recorded with every model trained on it. */
  checksums: Record<FileKey, string>;
  official: boolean;
}

export const HOW_TO_GET =
  'install it with `sudo apt-get install dataset-fashion-mnist`, or point --data / $FASHION_MNIST_DIR at a folder with the four official IDX files';

export interface LoadOptions {
  dir?: string;
  /** Try the official download when nothing local has the files. */
  download?: boolean;
  log?: (line: string) => void;
}

function readSplit(dir: string, images: FileKey, labels: FileKey, checksums: Partial<Record<FileKey, string>>): Split {
  const read = (key: FileKey) => {
    const path = findFile(dir, key)!;
    try {
      const bytes = decompressIfGzipped(readFileSync(path));
      checksums[key] = sha256(bytes);
      return bytes;
    } catch (err) {
      if (err instanceof IdxError) throw new UserError(`${path}: ${err.message}`, { hint: HOW_TO_GET });
      throw err;
    }
  };
  const parse = <T>(key: FileKey, f: (bytes: Uint8Array) => T): T => {
    const bytes = read(key);
    try {
      return f(bytes);
    } catch (err) {
      if (err instanceof IdxError) throw new UserError(`${findFile(dir, key)}: ${err.message}`, { hint: HOW_TO_GET });
      throw err;
    }
  };
  const img = parse(images, (b) => parseIdxImages(b, IMAGE_SIZE));
  const lab = parse(labels, (b) => parseIdxLabels(b, CLASS_COUNT));
  if (img.count !== lab.count) {
    throw new UserError(`${dir}: ${FILES[images]} has ${img.count} images but ${FILES[labels]} has ${lab.count} labels`, { hint: HOW_TO_GET });
  }
  return { count: img.count, images: img.pixels, labels: lab.labels };
}

export async function loadFashionMnist(options: LoadOptions = {}): Promise<FashionMnist> {
  const candidates = candidateDirs(options.dir);
  let { found, missing } = locate(candidates);
  if (!found && options.download !== false && !options.dir) {
    const dir = cacheDir();
    options.log?.(`Fashion-MNIST not found locally; downloading the official files into ${dir}`);
    try {
      await downloadFashionMnist(dir);
    } catch (err) {
      throw new UserError(`Fashion-MNIST is not on this machine and the download failed: ${(err as Error).message}`, { hint: HOW_TO_GET });
    }
    found = { dir, why: 'user cache' };
  }
  if (!found) throw new UserError(`Fashion-MNIST not found: ${missing.join('; ')}`, { hint: HOW_TO_GET });
  const checksums: Partial<Record<FileKey, string>> = {};
  const train = readSplit(found.dir, 'trainImages', 'trainLabels', checksums);
  const test = readSplit(found.dir, 'testImages', 'testLabels', checksums);
  const official = (Object.keys(PINNED_SHA256) as FileKey[]).every((k) => checksums[k] === PINNED_SHA256[k]);
  return { dir: found.dir, train, test, checksums: checksums as Record<FileKey, string>, official };
}

/** The last 5,000 training images (a tenth of a small set) are the fixed validation slice. */
export function validationSize(trainCount: number): number {
  return Math.min(5000, Math.floor(trainCount / 10));
}

export function splitValidation(train: Split): { fit: Split; validation: Split } {
  const v = validationSize(train.count);
  const cut = train.count - v;
  const slice = (from: number, to: number): Split => ({
    count: to - from,
    images: train.images.subarray(from * PIXELS, to * PIXELS),
    labels: train.labels.subarray(from, to),
  });
  return { fit: slice(0, cut), validation: slice(cut, train.count) };
}

export function takeFirst(split: Split, count: number): Split {
  const n = Math.min(count, split.count);
  return { count: n, images: split.images.subarray(0, n * PIXELS), labels: split.labels.subarray(0, n) };
}
