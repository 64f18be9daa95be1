// serving.json beside the `current` pointer: the sorter's own word on which model it loaded.
// `push` reads it over SFTP to learn whether the new model is really in service.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../controller/logger.js';
import { SERVING_FILE, type ServingStatus } from '../model/model-pointer.js';

let warned = false;

/** Written beside and renamed over, so a reader never sees half a file. */
export function writeServingStatus(modelsDir: string, status: ServingStatus, logger: Logger): void {
  const path = join(modelsDir, SERVING_FILE);
  try {
    writeFileSync(`${path}.tmp`, `${JSON.stringify(status, null, 1)}\n`);
    renameSync(`${path}.tmp`, path);
  } catch (err) {
    // A read-only models directory still sorts; only `push` loses its confirmation.
    if (!warned) logger.warn(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); push will not see which model is serving`);
    warned = true;
  }
}
