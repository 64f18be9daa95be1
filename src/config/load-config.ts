// Reads a YAML config, applies environment overrides for the broker, checks it against the
// schema and reports every problem at once, one line each, naming the field.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { UserError, describeValue } from '../errors/user-error.js';
import { configSchema, type Config } from './schema.js';

/** sysexits.h EX_CONFIG: what systemd and people see when the config is wrong. */
import { EXIT_CONFIG } from '../errors/exit-codes.js';

export { EXIT_CONFIG };

/** Where the installer puts the device's config: the default of every command that reads one. */
export const DEVICE_CONFIG = '/etc/laundry-sorter/config.yaml';

export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'), { hint: 'fix the config and start again; every setting is described in config/default.yaml', exitCode: EXIT_CONFIG });
    this.name = 'ConfigError';
  }
}

/** Broker settings that can come from the environment, so secrets stay out of the file. */
export const ENV_OVERRIDES: Record<string, string> = {
  LAUNDRY_SORTER_MQTT_URL: 'url',
  LAUNDRY_SORTER_MQTT_USERNAME: 'username',
  LAUNDRY_SORTER_MQTT_PASSWORD: 'password',
  LAUNDRY_SORTER_MQTT_BASE_TOPIC: 'baseTopic',
  LAUNDRY_SORTER_DEVICE_ID: 'deviceId',
};

function valueAt(root: unknown, path: PropertyKey[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), root);
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string[] {
  const path = issue.path.map(String).join('.');
  const at = (p: string) => (p ? `${p}: ` : '');
  const got = (v: unknown) => (v === undefined ? 'nothing' : describeValue(v));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => `${path ? `${path}.` : ''}${k}: unknown setting (a typo?)`);
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) return [`${at(path)}expected one of ${options.join(', ')}, got ${got(valueAt(raw, issue.path))}`];
      return [`${at(path)}${issue.message}`];
    }
    case 'invalid_value':
      return [`${at(path)}expected one of ${issue.values.map(String).join(', ')}, got ${got(valueAt(raw, issue.path))}`];
    case 'invalid_type': {
      const v = valueAt(raw, issue.path);
      return [v === undefined ? `${at(path)}missing, expected ${issue.expected}` : `${at(path)}expected ${issue.expected}, got ${got(v)}`];
    }
    case 'too_small':
    case 'too_big':
      return [`${at(path)}${issue.message.replace(/^Too (small|big): /, '')}, got ${got(valueAt(raw, issue.path))}`];
    default:
      return [`${at(path)}${issue.message}${issue.code === 'invalid_format' ? `, got ${got(valueAt(raw, issue.path))}` : ''}`];
  }
}

/** Relative paths in a config mean "next to this config file", wherever the sorter is started from. */
function resolvePaths(c: Config, base: string): Config {
  const abs = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  return {
    ...c,
    model: { ...c.model, dir: abs(c.model.dir)! },
    camera: c.camera.kind === 'replay' ? { ...c.camera, folder: abs(c.camera.folder)! } : c.camera,
    preprocess: { ...c.preprocess, reference: abs(c.preprocess.reference) },
    mqtt: { ...c.mqtt, ca: abs(c.mqtt.ca), cert: abs(c.mqtt.cert), key: abs(c.mqtt.key) },
    snapshots: { ...c.snapshots, dir: abs(c.snapshots.dir)! },
    journal: { ...c.journal, dir: abs(c.journal.dir)! },
    samples: { ...c.samples, dir: abs(c.samples.dir)! },
  };
}

export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let raw: unknown;
  try {
    raw = parse(text, { prettyErrors: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const where = err.linePos ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      throw new ConfigError([`${file}: not valid YAML${where}: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`]);
    }
    throw err;
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError([`${file}: expected a YAML mapping of settings, got ${describeValue(raw ?? undefined)}`]);
  }
  const withEnv = structuredClone(raw) as Record<string, Record<string, unknown>>;
  // A section whose settings are all commented out is null in YAML; it means "the defaults".
  for (const key of Object.keys(withEnv)) if (withEnv[key] === null) delete withEnv[key];
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    if (env[name] === undefined || env[name] === '') continue;
    withEnv.mqtt = { ...(withEnv.mqtt ?? {}), [key]: env[name] };
  }
  const result = configSchema.safeParse(withEnv, { reportInput: true });
  if (!result.success) throw new ConfigError(result.error.issues.flatMap((i) => describeIssue(i, withEnv)).map((line) => `${file}: ${line}`));
  return resolvePaths(result.data, dirname(resolve(file)));
}

export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError([`${file}: cannot read the config (${code === 'ENOENT' ? 'no such file' : code ?? (err as Error).message})`]);
  }
  return parseConfig(text, file, env);
}

/** The config as it is safe to log: secrets replaced. */
export function redacted(c: Config): Config {
  const hide = (v: string | undefined) => (v === undefined ? undefined : '***');
  return { ...c, mqtt: { ...c.mqtt, password: hide(c.mqtt.password), username: c.mqtt.username }, web: { ...c.web, password: hide(c.web.password) } };
}
