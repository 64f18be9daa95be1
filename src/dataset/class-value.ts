// A class as people write it: its name in any case ("coat"), or its index as a number or a
// string ("4"). One parser for the CLI, the MQTT commands and the config, and one refusal
// that lists what would have been accepted.
import { z } from 'zod';
import { CLASS_NAMES } from './classes.js';
import { describeValue } from '../errors/user-error.js';

export type ClassName = (typeof CLASS_NAMES)[number];

export const CLASS_CHOICES = `one of ${CLASS_NAMES.join(', ')} (any case), or an index 0–${CLASS_NAMES.length - 1}`;

/** The class's index, or undefined when `value` names none. */
export function parseClass(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 && value < CLASS_NAMES.length ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return parseClass(Number(text));
  const i = CLASS_NAMES.findIndex((n) => n.toLowerCase() === text.toLowerCase());
  return i >= 0 ? i : undefined;
}

/** A class by name or index, as its canonical name; the error lists the valid ones. */
export const classSchema = z.union([z.string(), z.number()]).transform((value, ctx): ClassName => {
  const i = parseClass(value);
  if (i === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected ${CLASS_CHOICES}, got ${describeValue(value)}` });
    return z.NEVER;
  }
  return CLASS_NAMES[i];
});
