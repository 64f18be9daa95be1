// Learning-rate schedules, written as `--lr 0.002 --schedule cosine` and parsed here.
export type ScheduleName = 'constant' | 'cosine' | 'step';
export const SCHEDULE_NAMES: ScheduleName[] = ['constant', 'cosine', 'step'];

export interface Schedule {
  name: ScheduleName;
  base: number;
  /** Warm-up epochs (linear ramp from base/10), then the schedule proper. */
  warmup: number;
}

/** Learning rate at a fractional epoch (epoch + batch / batches) out of `epochs`. */
export function learningRateAt(s: Schedule, progress: number, epochs: number): number {
  if (progress < s.warmup) return s.base * (0.1 + 0.9 * (progress / s.warmup));
  switch (s.name) {
    case 'constant':
      return s.base;
    case 'cosine': {
      const t = Math.min(1, (progress - s.warmup) / Math.max(1e-9, epochs - s.warmup));
      return s.base * (0.01 + 0.99 * 0.5 * (1 + Math.cos(Math.PI * t)));
    }
    case 'step':
      // Divide by 10 at 50% and 75% of training, the classic recipe.
      return s.base * (progress < epochs * 0.5 ? 1 : progress < epochs * 0.75 ? 0.1 : 0.01);
  }
}
