// Where Fashion-MNIST is looked for, in order: --data, $FASHION_MNIST_DIR, Debian's
// dataset-fashion-mnist package, then the user cache (where downloads go).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

export const FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;
export type FileKey = keyof typeof FILES;

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'laundry-sorter', 'fashion-mnist');
}

export interface Candidate { dir: string; why: string }

export function candidateDirs(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): Candidate[] {
  const list: Candidate[] = [];
  if (explicit) list.push({ dir: explicit, why: '--data' });
  if (env.FASHION_MNIST_DIR) list.push({ dir: env.FASHION_MNIST_DIR, why: '$FASHION_MNIST_DIR' });
  list.push({ dir: DEBIAN_DIR, why: 'Debian package dataset-fashion-mnist' });
  list.push({ dir: cacheDir(env), why: 'user cache' });
  return list;
}

/** The path of one file in `dir`, gzipped or raw, or undefined. */
export function findFile(dir: string, key: FileKey): string | undefined {
  for (const name of [`${FILES[key]}.gz`, FILES[key]]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  return undefined;
}

/** The first candidate holding all four files. An explicit --data must be complete: no silent fallback. */
export function locate(candidates: Candidate[]): { found?: Candidate; missing: string[] } {
  const missing: string[] = [];
  for (const c of candidates) {
    const absent = (Object.keys(FILES) as FileKey[]).filter((k) => !findFile(c.dir, k));
    if (absent.length === 0) return { found: c, missing };
    missing.push(`${c.dir} (${c.why}): missing ${absent.map((k) => FILES[k]).join(', ')}`);
    if (c.why === '--data') break;
  }
  return { missing };
}
