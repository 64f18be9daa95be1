// A small filesystem of its own for a test (a full disk, a read-only one): a tmpfs mounted on a
// fresh folder. Mounting needs root; without it the caller gets the reason to skip with.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs { dir: string; unmount(): void }

export function mountTmpfs(size: string, options: { readOnly?: boolean } = {}): Tmpfs | string {
  const dir = mkdtempSync(join(tmpdir(), 'tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `${options.readOnly ? 'ro,' : ''}size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a ${size} ${options.readOnly ? 'read-only ' : ''}tmpfs (needs root): ${String((err as { stderr?: Buffer }).stderr ?? err).trim()}`;
  }
  return { dir, unmount: () => { execFileSync('umount', ['-l', dir]); rmSync(dir, { recursive: true, force: true }); } };
}
