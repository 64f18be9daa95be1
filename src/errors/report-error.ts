// How every program here ends on an error: a UserError as one line (plus its hint) and its exit
// code; anything else is a bug, so it keeps its stack and exits 70 (EX_SOFTWARE).
import { UserError } from './user-error.js';
import { describeFileError } from './file-error.js';
import { EXIT_INPUT } from './exit-codes.js';

export function reportError(program: string, err: unknown, log: (line: string) => void): number {
  if (err instanceof UserError) {
    log(`${program}: ${err.message}${err.hint ? `\n  → ${err.hint}` : ''}`);
    return err.exitCode;
  }
  const file = describeFileError(err);
  if (file) {
    log(`${program}: ${file.message}\n  → ${file.hint}`);
    return EXIT_INPUT;
  }
  log(`${program}: unexpected error: ${err instanceof Error ? err.stack : String(err)}`);
  return 70;
}
