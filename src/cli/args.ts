// A thin layer over node:util parseArgs: every command declares its flags once, and gets
// --help text and readable "Expected …, got …" errors from that declaration.
import { parseArgs } from 'node:util';
import { UserError, describeValue } from '../errors/user-error.js';
import { closest } from './did-you-mean.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  default?: string | boolean;
  description: string;
  /** Shown in help as --name VALUE. */
  value?: string;
}

export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Lines after the flag table: examples, notes. */
  epilog?: string[];
}

export const EXIT_USAGE = 64;

/** --data, as every command that reads Fashion-MNIST takes it. */
export const DATA_FLAG = { type: 'string', value: 'DIR', description: 'folder with the Fashion-MNIST IDX files (default: see docs/training.md)' } as const;

export function helpText(spec: CommandSpec): string {
  const flags = { ...spec.flags, help: { type: 'boolean', short: 'h', description: 'show this help' } as FlagSpec };
  const rows = Object.entries(flags).map(([name, f]) => {
    const left = `${f.short ? `-${f.short}, ` : '    '}--${name}${f.type === 'string' ? ` ${f.value ?? 'VALUE'}` : ''}`;
    const def = f.default !== undefined && f.default !== false ? ` (default: ${f.default})` : '';
    return [left, f.description + def];
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return [
    `Usage: ${spec.usage}`, '', spec.summary, '', 'Options:',
    ...rows.map(([l, r]) => `  ${l.padEnd(width)}${r}`),
    ...(spec.epilog ? ['', ...spec.epilog] : []),
  ].join('\n');
}

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

export function parseCommand(spec: CommandSpec, argv: string[]): Parsed {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, f] of Object.entries(spec.flags)) options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}) };
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const withDefaults: Parsed['values'] = {};
    for (const [name, f] of Object.entries(spec.flags)) withDefaults[name] = (values as Parsed['values'])[name] ?? f.default;
    return { values: withDefaults, positionals, help: values.help === true };
  } catch (err) {
    const help = `see \`laundry-sorter ${spec.name} --help\``;
    // node's message for a typo talks about positional arguments and quotes; say what matters.
    const unknown = /Unknown option '(-{1,2})([^']+)'/.exec((err as Error).message);
    if (unknown) {
      const guess = closest(unknown[2], Object.keys(spec.flags));
      throw new UserError(`${spec.name}: unknown option ${unknown[1]}${unknown[2]}`, { hint: guess ? `did you mean --${guess}? (${help})` : help, exitCode: EXIT_USAGE });
    }
    // node's own message spans lines; the CLI promises one.
    const message = (err as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
    throw new UserError(`${spec.name}: ${message}`, { hint: help, exitCode: EXIT_USAGE });
  }
}

export function intFlag(values: Parsed['values'], name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = values[name];
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < min || n > max) {
    throw new UserError(`Expected \`--${name}\` to be an integer from ${min} to ${max}, got ${describeValue(raw)}`, { exitCode: EXIT_USAGE });
  }
  return n;
}

export function numberFlag(values: Parsed['values'], name: string, min: number, max: number): number {
  const raw = values[name];
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UserError(`Expected \`--${name}\` to be a number from ${min} to ${max}, got ${describeValue(raw)}`, { exitCode: EXIT_USAGE });
  }
  return n;
}

export function choiceFlag<T extends string>(values: Parsed['values'], name: string, choices: readonly T[]): T {
  const raw = values[name];
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UserError(`Expected \`--${name}\` to be one of ${choices.join(', ')}, got ${describeValue(raw)}`, { exitCode: EXIT_USAGE });
  }
  return raw as T;
}
