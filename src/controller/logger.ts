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
