// `train --teachers A,B --distill 0.7`: the models whose agreed answer the new one learns from.
// Opened and verified before training starts, so a wrong path fails at once, not an hour in.
import { UserError } from '../errors/user-error.js';
import { readCheckpointState } from '../training/checkpoint.js';
import { Teachers, type DistillSettings } from '../training/teachers.js';
import { EXIT_USAGE, numberFlag, type Parsed } from './args.js';
import { startFrom } from './fine-tune.js';

/** Share of the target that is the teachers' answer when --distill is not given. */
export const DEFAULT_DISTILL_WEIGHT = 0.7;

export interface OpenedTeachers {
  settings: DistillSettings;
  teachers: Teachers;
}

/**
 * The run's teachers: from the flags, or for --resume from the checkpoint's own settings
 * (a resumed run must learn from the same models it began with).
 */
export async function openTeachers(values: Parsed['values'], outDir: string): Promise<OpenedTeachers | undefined> {
  if (values.resume === true) {
    if (values.teachers !== undefined) throw new UserError('--resume continues with the teachers the run began with; leave out --teachers', { exitCode: EXIT_USAGE });
    const saved = readCheckpointState(outDir)?.raw.settings.distill;
    return saved ? open(saved.teachers, saved.weight) : undefined;
  }
  if (values.teachers === undefined) {
    if (values.distill !== undefined) throw new UserError('--distill sets how much the teachers count, so it needs --teachers MODEL_DIR[,MODEL_DIR…]', { exitCode: EXIT_USAGE });
    return undefined;
  }
  const dirs = String(values.teachers).split(',').map((d) => d.trim()).filter((d) => d !== '');
  if (dirs.length === 0) throw new UserError('--teachers: expected one or more model directories, separated by commas', { exitCode: EXIT_USAGE });
  return open(dirs, values.distill === undefined ? DEFAULT_DISTILL_WEIGHT : numberFlag(values, 'distill', 0, 1));
}

async function open(dirs: string[], weight: number): Promise<OpenedTeachers> {
  const opened = [];
  for (const dir of dirs) {
    try {
      opened.push(await startFrom(dir));
    } catch (err) {
      // Said as a teacher, so a user with several model paths on the line knows which flag to fix.
      if (err instanceof UserError) throw new UserError(`--teachers: ${err.message}`, { hint: err.hint, exitCode: err.exitCode, cause: err });
      throw err;
    }
  }
  return {
    settings: { teachers: dirs, teacherIds: opened.map((t) => t.modelId), weight },
    teachers: new Teachers(opened.map((t) => t.model)),
  };
}
