// `laundry-sorter run` in a child process, with the decisions it reports collected: each line
// a terminal shows ends with the decision's id, and is printed only once its bin has moved.
import { spawn } from 'node:child_process';
import { CLI } from './cli.js';

const ID = /\b(0[0-9A-HJKMNP-TV-Z]{25})\s*$/;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ReportingSorter {
  /** Ids of the decisions reported so far, in order. */
  ids: string[];
  stderr(): string;
  /** Waits for `check`, failing with `what` and the sorter's last words after `ms` or if it exits. */
  until(what: string, check: () => boolean, ms?: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export function spawnSorter(config: string): ReportingSorter {
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ids: string[] = [];
  let stderr = '';
  let partial = '';
  child.stderr.on('data', (b: Buffer) => { stderr += b; });
  child.stdout.on('data', (b: Buffer) => {
    const lines = (partial + b).split('\n');
    partial = lines.pop()!;
    for (const line of lines) { const m = ID.exec(line); if (m) ids.push(m[1]); }
  });
  return {
    ids,
    stderr: () => stderr,
    async until(what, check, ms = 30_000) {
      for (const deadline = Date.now() + ms; !check(); await sleep(5)) {
        if (child.exitCode !== null) throw new Error(`the sorter exited (${child.exitCode}) waiting for ${what}: ${stderr.slice(-600)}`);
        if (Date.now() > deadline) throw new Error(`no ${what} within ${ms / 1000} s; the sorter said: ${stderr.slice(-600)}`);
      }
    },
    async kill(signal) {
      child.kill(signal);
      if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    },
  };
}
