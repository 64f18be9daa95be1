// Talks to gpiod-helper.py (the sorter's process that holds GPIO lines through libgpiod):
// numbered requests, one answer each, edges as they come. Everything the helper can say goes
// wrong arrives as one line with a code, turned into a UserError that says what to do.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors/user-error.js';

export const HELPER_PATH = fileURLToPath(new URL('./gpiod-helper.py', import.meta.url));

/** How long one request may take. The helper answers in well under a millisecond; this is for a stuck one. */
const ANSWER_DEADLINE_MS = 5000;

export interface HelperOptions {
  python?: string;
  env?: NodeJS.ProcessEnv;
}

export interface ChipInfo { path: string; name: string; label: string; lines: number }
export interface ChipListing { chips: Array<ChipInfo | { path: string; error: string; code: string }>; version: string }

interface Answer { id?: number; ok?: boolean; level?: number; error?: string; code?: string }
export interface EdgeMessage { edge: number; level: 0 | 1; ns: number }

const INSTALL_HINT = 'install the python3-libgpiod package (`sudo apt-get install python3-libgpiod`; scripts/install-deps.sh does)';
/** A chip the user may not open. */
export const GPIO_GROUP_HINT = 'add the sorter\'s user to the gpio group (`sudo usermod -aG gpio $USER`, then log in again); docs/gpio.md has the udev rule for other systems';
/** No GPIO chip at all. */
export const NOT_A_PI_HINT = 'is this a Raspberry Pi? elsewhere use `gpio: { kind: simulated }`';

/** One line for a problem the helper reports by code, with what to do about it. */
export function helperError(message: string, code: string | undefined, context: { chip?: string; pin?: number } = {}): UserError {
  switch (code) {
    case 'NO_MODULE':
    case 'OLD_MODULE':
      return new UserError(`GPIO character device: ${message}`, { hint: INSTALL_HINT });
    case 'NO_PYTHON':
      return new UserError(`GPIO character device: ${message}`, { hint: 'install python3 (`sudo apt-get install python3 python3-libgpiod`)' });
    case 'EACCES':
    case 'EPERM':
      return new UserError(`GPIO: ${message}`, { hint: GPIO_GROUP_HINT });
    case 'EBUSY':
      return new UserError(`GPIO: BCM ${context.pin} is in use by another program or driver`, {
        hint: `\`gpioinfo -c ${context.chip ?? 'gpiochip0'} ${context.pin}\` names it; stop it, or move the bin to a free pin`,
      });
    case 'ENOENT':
      return new UserError(`GPIO: ${message}`, { hint: NOT_A_PI_HINT });
    default:
      return new UserError(`GPIO: ${message}${code ? ` (${code})` : ''}`);
  }
}

function spawnHelper(args: string[], options: HelperOptions): ChildProcess {
  return spawn(options.python ?? process.env.LAUNDRY_SORTER_PYTHON ?? 'python3', ['-u', HELPER_PATH, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'], env: options.env ?? process.env,
  });
}

function collect(child: ChildProcess): Promise<{ stdout: string; stderr: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    let stdout = '', stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d; });
    child.stderr!.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', (error) => resolve({ stdout, stderr, error }));
    child.on('close', () => resolve({ stdout, stderr }));
  });
}

const pythonMissing = (python: string) => helperError(`cannot run ${python}: the GPIO helper needs python3`, 'NO_PYTHON');

/** The GPIO chips libgpiod sees in devDir, with their labels. */
export async function listChips(devDir: string, options: HelperOptions = {}): Promise<ChipListing> {
  const child = spawnHelper(['--list', '--dev', devDir], options);
  child.stdin!.end();
  const { stdout, stderr, error } = await collect(child);
  if (error) throw pythonMissing(options.python ?? 'python3');
  const first = stdout.split('\n')[0];
  let parsed: ChipListing & { fatal?: string; code?: string };
  try {
    parsed = JSON.parse(first);
  } catch {
    throw new UserError(`GPIO helper failed: ${(stderr.trim().split('\n').at(-1) || first || 'no output').slice(0, 200)}`);
  }
  if (parsed.fatal) throw helperError(parsed.fatal, parsed.code);
  return parsed;
}

/** A running helper serving one chip. */
export class GpiodHelper {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();
  private exited?: Error;
  private closing = false;
  onEdge: (edge: EdgeMessage) => void = () => {};
  onExit: (err: Error) => void = () => {};

  private constructor(private readonly child: ChildProcess, readonly chip: ChipInfo) {}

  static async start(chipPath: string, consumer: string, options: HelperOptions = {}): Promise<GpiodHelper> {
    const child = spawnHelper(['--chip', chipPath, '--consumer', consumer], options);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d).slice(-2000); });
    child.stdin!.on('error', () => {}); // a dead helper is reported through 'close', not as a crash
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<{ ready?: boolean; chip?: ChipInfo; fatal?: string; code?: string }>((resolve, reject) => {
      child.once('error', () => reject(pythonMissing(options.python ?? 'python3')));
      // 'close' comes after the last of stdout, so a fatal line is read before this rejects.
      child.once('close', (code) => reject(new UserError(`GPIO helper exited (${code}) before it was ready: ${stderr.trim().split('\n').at(-1) ?? ''}`)));
      lines.once('line', (line) => {
        try { resolve(JSON.parse(line)); } catch { reject(new UserError(`GPIO helper said something unexpected: ${line.slice(0, 200)}`)); }
      });
    });
    if (first.fatal || !first.ready || !first.chip) {
      child.kill();
      throw helperError(first.fatal ?? 'the helper did not start', first.code);
    }
    const helper = new GpiodHelper(child, first.chip);
    child.removeAllListeners('close');
    child.removeAllListeners('error');
    lines.on('line', (line) => helper.receive(line));
    child.on('close', (code, signal) => helper.exit(new UserError(`GPIO helper exited (${signal ?? code})${stderr.trim() ? `: ${stderr.trim().split('\n').at(-1)}` : ''}`)));
    return helper;
  }

  private receive(line: string): void {
    let msg: Answer & Partial<EdgeMessage>;
    try { msg = JSON.parse(line); } catch { return; }
    if (msg.edge !== undefined) return this.onEdge(msg as EdgeMessage);
    const waiting = msg.id === undefined ? undefined : this.pending.get(msg.id);
    if (!waiting) return;
    this.pending.delete(msg.id!);
    clearTimeout(waiting.timer);
    waiting.resolve(msg);
  }

  private exit(err: Error): void {
    this.exited = err;
    for (const { reject, timer } of this.pending.values()) { clearTimeout(timer); reject(err); }
    this.pending.clear();
    if (!this.closing) this.onExit(err);
  }

  /** Sends one request and waits for its answer; a refusal is a UserError naming the pin. */
  async request(op: string, pin: number, extra: Record<string, unknown> = {}): Promise<Answer> {
    if (this.exited) throw this.exited;
    const id = this.nextId++;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new UserError(`GPIO helper did not answer \`${op}\` for BCM ${pin} within ${ANSWER_DEADLINE_MS / 1000} s`));
      }, ANSWER_DEADLINE_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin!.write(`${JSON.stringify({ id, op, pin, ...extra })}\n`);
    });
    if (answer.error) throw helperError(`BCM ${pin}: ${answer.error}`, answer.code, { chip: this.chip.name, pin });
    return answer;
  }

  /** Closes the helper's stdin, which makes it release its lines and exit; resolves when it has. */
  async close(): Promise<void> {
    if (this.exited) return;
    this.closing = true;
    const gone = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.stdin!.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ANSWER_DEADLINE_MS);
    await gone;
    clearTimeout(timer);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }
}
