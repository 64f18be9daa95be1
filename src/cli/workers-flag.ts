// How many training workers: one per core by default. More workers than cores only take turns
// on the same cores, so they are refused rather than silently slowing training down.
import { availableParallelism } from 'node:os';
import { UserError } from '../errors/user-error.js';
import { EXIT_USAGE } from './args.js';

/** Beyond this the default stops: measured to help up to 2 (this project's machines have 2 cores), unmeasured above. */
const DEFAULT_CAP = 4;

export function defaultWorkers(cores = availableParallelism()): number {
  return Math.max(1, Math.min(cores, DEFAULT_CAP));
}

/** `raw`: the --workers value as typed. */
export function parseWorkers(raw: unknown, cores = availableParallelism()): number {
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 1) {
    throw new UserError(`--workers ${String(raw)}: expected a whole number of training workers, at least 1`, { hint: `this machine has ${cores} cores; the default is ${defaultWorkers(cores)}`, exitCode: EXIT_USAGE });
  }
  if (n > cores) {
    throw new UserError(`--workers ${n}: this machine has ${cores} cores, and workers beyond one per core only take turns on them`, { hint: `use --workers ${cores} (the default) or fewer`, exitCode: EXIT_USAGE });
  }
  return n;
}
