// One line of `laundry-sorter doctor`: a part of the sorter, whether it can work here, and
// what to do when it cannot.
export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface Check { part: string; status: CheckStatus; detail: string; hint?: string }

export const ok = (part: string, detail: string): Check => ({ part, status: 'ok', detail });
export const warn = (part: string, detail: string, hint?: string): Check => ({ part, status: 'warn', detail, hint });
export const fail = (part: string, detail: string, hint?: string): Check => ({ part, status: 'fail', detail, hint });

/** Runs `probe`, turning anything it throws into a failed check with the error's first line. */
export async function guarded(part: string, probe: () => Promise<Check> | Check): Promise<Check> {
  try {
    return await probe();
  } catch (err) {
    const e = err as Error & { hint?: string };
    return fail(part, e.message.split('\n')[0], e.hint);
  }
}
