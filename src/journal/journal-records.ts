// The journal's lines, one JSON object each:
//   {"d":<decision>}         a decision, recorded before its bin moved
//   {"a":"<id>"}             the broker acknowledged it
//   {"x":"<id>","n":<count>} dropped over maxUndelivered; n is the running total of drops
//   {"n":<count>}            the drop total so far (the first line of a compacted file)
// Replaying the lines in order gives the undelivered decisions and the drop count.
import type { Decision } from '../mqtt/topics.js';

export const decisionLine = (d: Decision) => `${JSON.stringify({ d })}\n`;
export const ackLine = (id: string) => `${JSON.stringify({ a: id })}\n`;
export const dropLine = (id: string, dropped: number) => `${JSON.stringify({ x: id, n: dropped })}\n`;
export const countLine = (dropped: number) => `${JSON.stringify({ n: dropped })}\n`;

export interface Replayed {
  /** Undelivered decisions in the order they were recorded. */
  pending: Map<string, Decision>;
  dropped: number;
  /** Whole lines that are not records (not JSON, or JSON that is not a journal record): skipped. */
  skipped: number;
  /** Lines replayed, records or not: what compaction weighs against the live set. */
  lines: number;
  /** Bytes up to the end of the last whole line; anything after it is a torn write to cut off. */
  wholeLength: number;
}

type Record = { d?: Decision; a?: unknown; x?: unknown; n?: unknown };

function parse(line: string): Record | undefined {
  try {
    const value = JSON.parse(line) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record) : undefined;
  } catch {
    return undefined;
  }
}

function isDecision(d: unknown): d is Decision {
  return d !== null && typeof d === 'object' && typeof (d as Decision).id === 'string';
}

/**
 * The journal's contents replayed. A line without its newline is a write cut short (a crash,
 * a full disk): it is not replayed, and `wholeLength` tells the caller where to cut it off, so
 * the next record starts on a line of its own instead of being joined to it.
 */
export function replay(bytes: Buffer): Replayed {
  const { lines: whole, end } = wholeLines(bytes);
  const pending = new Map<string, Decision>();
  let dropped = 0;
  let skipped = 0;
  for (const line of whole) {
    const r = parse(line);
    if (r && isDecision(r.d)) pending.set(r.d.id, r.d);
    else if (r && typeof r.a === 'string') pending.delete(r.a);
    else if (r && typeof r.x === 'string') pending.delete(r.x);
    else if (!r || typeof r.n !== 'number') skipped++;
    if (r && typeof r.n === 'number' && Number.isFinite(r.n)) dropped = Math.max(dropped, r.n);
  }
  return { pending, dropped, skipped, lines: whole.length, wholeLength: end };
}

/** The journal's non-empty whole lines, and the bytes they take: what follows the last newline is a write cut short. */
export function wholeLines(bytes: Buffer): { lines: string[]; end: number } {
  const end = bytes.lastIndexOf(0x0a) + 1;
  return { lines: bytes.toString('utf8', 0, end).split('\n').filter(Boolean), end };
}
