import { fstatSync } from 'node:fs';
import pino from 'pino';
// What the controller needs from a logger. The CLI gives a human one; the service (systemd)
// gives structured JSON for journald.
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export function consoleLogger(level: 'debug' | 'info' = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const stamp = () => new Date().toISOString().slice(11, 23);
  return {
    debug: (m) => { if (level === 'debug') write(`${stamp()} debug ${m}`); },
    info: (m) => write(`${stamp()} ${m}`),
    warn: (m) => write(`${stamp()} warning: ${m}`),
    error: (m) => write(`${stamp()} error: ${m}`),
  };
}

export const SILENT: Logger = { info: () => {}, warn: () => {}, error: () => {}, debug: () => {} };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's levels as syslog priorities: what journald files each line under (`journalctl -p`). */
const PRIORITY: Record<number, number> = { 10: 7, 20: 7, 30: 6, 40: 4, 50: 3, 60: 2 };

/**
 * Writes each line with its syslog priority in front (`<4>{"level":40,…}`), which journald
 * reads off and keeps as the entry's priority: without it every line is "info".
 */
export function withPriorityPrefix(destination: NodeJS.WritableStream): { write(line: string): boolean } {
  return {
    write(line: string) {
      const level = Number(/"level":(\d+)/.exec(line)?.[1] ?? 30);
      return destination.write(`<${PRIORITY[level] ?? 6}>${line}`);
    },
  };
}

/**
 * One JSON object per line on stdout (pino), for journald and log shippers: `level`, `time`,
 * `msg`, and `service`. systemd marks the stream with JOURNAL_STREAM, which is how `run`
 * knows to use it; there each line also carries its priority prefix.
 */
export function jsonLogger(level: LogLevel, destination: NodeJS.WritableStream = process.stdout, journald = false): Logger {
  const log = pino({ level, base: { service: 'laundry-sorter' }, timestamp: pino.stdTimeFunctions.isoTime }, journald ? withPriorityPrefix(destination) : destination);
  return {
    debug: (m) => log.debug(m),
    info: (m) => log.info(m),
    warn: (m) => log.warn(m),
    error: (m) => log.error(m),
  };
}

/**
 * Is stdout connected to the journal? systemd sets JOURNAL_STREAM to the device and inode of
 * the stream it gave the service; children with their own pipes inherit the variable but not
 * the stream, hence the comparison (as sd_journal_stream_fd's docs advise).
 */
export function stdoutIsJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  const m = /^(\d+):(\d+)$/.exec(env.JOURNAL_STREAM ?? '');
  if (!m) return false;
  try {
    const st = fstatSync(1);
    return String(st.dev) === m[1] && String(st.ino) === m[2];
  } catch {
    return false;
  }
}

/** Whether the log is JSON: asked for, or `auto` with stdout going to journald. */
export function logsJson(config: { format: 'auto' | 'json' | 'text' }): boolean {
  return config.format === 'json' || (config.format === 'auto' && stdoutIsJournal());
}

/** JSON for journald (or when asked), readable lines on a terminal. */
export function loggerFor(config: { level: LogLevel; format: 'auto' | 'json' | 'text' }): Logger {
  if (logsJson(config)) return jsonLogger(config.level, process.stdout, stdoutIsJournal());
  return consoleLogger(config.level === 'debug' || config.level === 'trace' ? 'debug' : 'info');
}
