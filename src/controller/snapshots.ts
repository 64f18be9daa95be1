// The camera frame and the 28×28 of the last N decisions, on bounded disk: what a person looks
// at when a garment went to the wrong bin. Oldest files go first when either bound is reached.
import type { Seen } from './seen.js';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SnapshotOptions { dir: string; keep: number; maxMegabytes: number }

export class Snapshots {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SnapshotOptions) {
    if (options.keep > 0) mkdirSync(options.dir, { recursive: true });
  }

  /** Queued, so saving never holds up sorting; errors are reported, not thrown. */
  save(id: string, seen: Seen, onError: (message: string) => void): void {
    if (this.options.keep === 0) return;
    this.writing = this.writing.then(async () => {
      try {
        writeFileSync(join(this.options.dir, `${id}-frame.jpg`), seen.frame);
        const png = await seen.png();
        if (png) {
          writeFileSync(join(this.options.dir, `${id}-input.png`), png);
        }
        this.prune();
      } catch (err) {
        onError(`snapshot ${id} not saved: ${(err as Error).message.split('\n')[0]}`);
      }
    });
  }

  /** Ids sort by time, so name order is age order. */
  private prune(): void {
    const files = readdirSync(this.options.dir).filter((f) => /-(frame|input)\.(jpg|png)$/.test(f)).sort();
    const ids = [...new Set(files.map((f) => f.slice(0, 26)))];
    let bytes = files.reduce((sum, f) => sum + statSync(join(this.options.dir, f)).size, 0);
    const limit = this.options.maxMegabytes * 1e6;
    while (ids.length > 0 && (ids.length > this.options.keep || bytes > limit)) {
      const id = ids.shift()!;
      for (const f of files.filter((name) => name.startsWith(id))) {
        bytes -= statSync(join(this.options.dir, f)).size;
        rmSync(join(this.options.dir, f), { force: true });
      }
    }
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
