// Writes a journal's live records to a file beside it without stalling the sorter: the lines
// are turned into text and written a chunk at a time, with the event loop free between
// chunks, then fdatasync'd. Renaming it over the journal is the caller's (synchronous) step.
import { open, rm } from 'node:fs/promises';

/** Lines per chunk: about 150 KB of decisions. 1,000 stalled the loop up to 32 ms at 50,000 undelivered, 250 about 7 ms (bench/journal-compaction.ts). */
const CHUNK_LINES = 250;

/**
 * Writes every line `next()` hands out (until it returns undefined) to `path`, synced.
 * `next` is asked again after each sync, so lines that arrive while writing are picked up
 * too; the caller appends whatever arrives after the promise settles (a few lines at most).
 * On any failure the partial file is removed and the error rethrown.
 */
export async function writeLinesAsync(path: string, next: () => string | undefined): Promise<void> {
  const file = await open(path, 'w');
  try {
    let line = next();
    while (line !== undefined) {
      const chunk: string[] = [];
      for (; line !== undefined && chunk.length < CHUNK_LINES; line = next()) chunk.push(line);
      await file.write(chunk.join(''));
      // Synced once nothing is left; what arrived during the sync goes round again.
      if (line === undefined) {
        await file.datasync();
        line = next();
      }
    }
  } catch (err) {
    await file.close().catch(() => {});
    await rm(path, { force: true });
    throw err;
  }
  await file.close();
}
