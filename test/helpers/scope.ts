// Where helpers put temporary files and how they clean up. In tests that is tempDir() and
// node:test's after(); a benchmark (which must not start the test runner) uses manualScope().
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { tempDir } from './temp-dir.js';

export interface Scope {
  tempDir(prefix?: string): string;
  defer(cleanup: () => Promise<void> | void): void;
}

export const TEST_SCOPE: Scope = { tempDir, defer: (fn) => after(fn) };

export function manualScope(): Scope & { close(): Promise<void> } {
  const cleanups: (() => Promise<void> | void)[] = [];
  return {
    tempDir(prefix = 'laundry-sorter-') {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    defer: (fn) => { cleanups.push(fn); },
    async close() {
      for (const fn of cleanups.reverse()) await fn();
    },
  };
}
