// Last resort when no local copy exists: fetch the official files into the user cache and
// accept them only if their decompressed contents match the pinned checksums.
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decompressIfGzipped } from './idx.js';
import { FILES, type FileKey } from './locate.js';

export const OFFICIAL_URL = 'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/';

/** sha256 of each official file after gunzip (the same for Debian's copy). */
export const PINNED_SHA256: Record<FileKey, string> = {
  trainImages: 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  trainLabels: 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  testImages: '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  testLabels: '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
};

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface DownloadOptions {
  baseUrl?: string;
  timeoutMs?: number;
  onProgress?: (file: string, received: number, total: number) => void;
}

async function fetchBytes(url: string, timeoutMs: number, onProgress?: (received: number, total: number) => void): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    chunks.push(chunk);
    received += chunk.length;
    onProgress?.(received, total);
  }
  return Buffer.concat(chunks);
}

/** Downloads all four files into `dir`. Throws (with the reason) on network errors and checksum mismatches. */
export async function downloadFashionMnist(dir: string, options: DownloadOptions = {}): Promise<void> {
  const base = (options.baseUrl ?? process.env.FASHION_MNIST_URL ?? OFFICIAL_URL).replace(/\/?$/, '/');
  mkdirSync(dir, { recursive: true });
  for (const key of Object.keys(FILES) as FileKey[]) {
    const name = `${FILES[key]}.gz`;
    const bytes = await fetchBytes(base + name, options.timeoutMs ?? 120_000, (r, t) => options.onProgress?.(name, r, t));
    const digest = sha256(decompressIfGzipped(bytes));
    if (digest !== PINNED_SHA256[key]) {
      throw new Error(`${name} from ${base} has sha256 ${digest}, expected ${PINNED_SHA256[key]}`);
    }
    // Rename into place so an interrupted download never leaves a half file that looks complete.
    const partial = join(dir, `${name}.partial`);
    writeFileSync(partial, bytes);
    renameSync(partial, join(dir, name));
  }
}
