// Runs one job (push, rollback) on many sorters: a canary first, which must succeed and be
// positively confirmed before any other host is touched, then the rest with bounded
// concurrency. A canary that changed its sorter and then failed is undone.
import type { HostEntry } from './inventory.js';

export type HostResult = 'pushed' | 'unchanged' | 'rolled back' | 'failed' | 'skipped';

export interface HostOutcome {
  /** The host as the user named it. */
  host: string;
  /** The models directory there: two sorters on one host differ only by it. */
  dir: string;
  ok: boolean;
  result: HostResult;
  modelId?: string;
  seconds?: number;
  detail: string;
  /** The sorter's MQTT topic root, as its serving.json reports it. */
  topicRoot?: string;
  /** The running sorter confirmed it serves `modelId` (its serving record). */
  confirmed?: boolean;
  /** The job moved the sorter's `current` pointer and left it moved. */
  changed?: boolean;
}

export interface FleetOptions {
  parallel: number;
  /** Checked after the canary's job succeeds, when there are other hosts; throws to stop the rollout. */
  canaryCheck?: (outcome: HostOutcome, entry: HostEntry) => Promise<void>;
  /** Puts a canary that changed its sorter and then failed back as it was; resolves with what it did. */
  undoCanary?: (outcome: HostOutcome, entry: HostEntry) => Promise<string>;
  onEvent?: (line: string) => void;
}

export async function runFleet(entries: HostEntry[], job: (entry: HostEntry) => Promise<HostOutcome>, options: FleetOptions): Promise<HostOutcome[]> {
  const results = new Map<HostEntry, HostOutcome>();
  const say = options.onEvent ?? (() => {});
  const [canary, ...rest] = entries;
  if (rest.length > 0) say(`canary: ${canary.label}`);
  const first = await job(canary);
  if (first.ok && options.canaryCheck && rest.length > 0) {
    try {
      await options.canaryCheck(first, canary);
      say(`canary ${canary.label} serves ${first.modelId}; continuing with ${rest.length} more`);
    } catch (err) {
      Object.assign(first, { ok: false, result: 'failed', detail: (err as Error).message });
    }
  }
  if (!first.ok && first.changed && options.undoCanary && rest.length > 0) {
    try {
      const undone = await options.undoCanary(first, canary);
      Object.assign(first, { result: 'rolled back', changed: false, detail: `${first.detail}; ${undone}` });
    } catch (err) {
      first.detail = `${first.detail}; and rolling it back failed too: ${(err as Error).message}`;
    }
  }
  results.set(canary, first);
  if (!first.ok) {
    for (const e of rest) results.set(e, { host: e.label, dir: e.remoteDir ?? '', ok: false, result: 'skipped', detail: `not attempted: the canary ${canary.label} failed` });
    return entries.map((e) => results.get(e)!);
  }
  let next = 0;
  const worker = async () => {
    while (next < rest.length) {
      const e = rest[next++];
      results.set(e, await job(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.parallel, rest.length) }, worker));
  return entries.map((e) => results.get(e)!);
}

/** The per-host table printed at the end. */
export function formatResults(results: HostOutcome[]): string {
  const rows = [['host', 'directory', 'result', 'model', 'seconds', 'detail'], ...results.map((r) => [r.host, r.dir, r.result, r.modelId ?? '-', r.seconds === undefined ? '-' : r.seconds.toFixed(1), r.detail])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
}

/** "3 sorters: 1 pushed, 1 failed, 1 skipped": each kind counted apart, in a fixed order. */
export function summarize(results: HostOutcome[]): string {
  const order: HostResult[] = ['pushed', 'unchanged', 'rolled back', 'failed', 'skipped'];
  const counts = order.map((kind) => [kind, results.filter((r) => r.result === kind).length] as const).filter(([, n]) => n > 0);
  return `${results.length} sorters: ${counts.map(([kind, n]) => `${n} ${kind}`).join(', ')}`;
}
