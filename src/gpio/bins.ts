// Sorting bins on GPIO outputs: one actuation at a time, in the order asked, pulsed or held,
// active high or low; every output back at its inactive level when stopped.
import type { Level, Lines, OutputLine } from './lines.js';

export interface BinsOptions {
  pins: Record<string, number>;
  activeLow: boolean;
  mode: 'pulse' | 'hold';
  pulseMs: number;
  statusLedPin?: number;
}

export interface Actuation {
  bin: string;
  pin: number;
  /** When the active edge was driven (epoch ms, sub-ms precision). */
  edgeAt: number;
  /** Resolves when the actuation is over (the pulse ended; at once for hold). */
  done: Promise<void>;
}

export interface Bins {
  readonly backend: string;
  start(): Promise<void>;
  /** Queues an actuation; resolves once its active edge is driven. */
  actuate(bin: string): Promise<Actuation>;
  setStatusLed(on: boolean): Promise<void>;
  /** Outputs to their inactive level at once (cutting a pulse short), then released. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const now = () => performance.timeOrigin + performance.now();

export class GpioBins implements Bins {
  private readonly outputs = new Map<string, { pin: number; line: OutputLine }>();
  private led?: OutputLine;
  private queue: Promise<unknown> = Promise.resolve();
  private held?: string;
  private running = false;
  private readonly active: Level;
  private readonly inactive: Level;

  constructor(private readonly lines: Lines, private readonly options: BinsOptions) {
    this.active = options.activeLow ? 0 : 1;
    this.inactive = options.activeLow ? 1 : 0;
  }

  get backend(): string {
    return this.lines.name;
  }

  async start(): Promise<void> {
    for (const [bin, pin] of Object.entries(this.options.pins)) {
      this.outputs.set(bin, { pin, line: await this.lines.output(pin, this.inactive) });
    }
    if (this.options.statusLedPin !== undefined) this.led = await this.lines.output(this.options.statusLedPin, 1, 0);
    this.running = true;
  }

  actuate(bin: string): Promise<Actuation> {
    if (!this.running) return Promise.reject(new Error('the bins are stopped'));
    const out = this.outputs.get(bin);
    if (!out) return Promise.reject(new Error(`no bin \`${bin}\` (bins: ${[...this.outputs.keys()].join(', ')})`));
    return new Promise<Actuation>((resolveEdge, rejectEdge) => {
      this.queue = this.queue.then(async () => {
        if (!this.running) return rejectEdge(new Error('the bins are stopped'));
        try {
          if (this.options.mode === 'hold') {
            if (this.held && this.held !== bin) await this.outputs.get(this.held)!.line.write(this.inactive);
            await out.line.write(this.active);
            this.held = bin;
            resolveEdge({ bin, pin: out.pin, edgeAt: now(), done: Promise.resolve() });
            return;
          }
          await out.line.write(this.active);
          let finished!: () => void;
          const done = new Promise<void>((r) => { finished = r; });
          resolveEdge({ bin, pin: out.pin, edgeAt: now(), done });
          await sleep(this.options.pulseMs);
          if (this.running) await out.line.write(this.inactive);
          finished();
        } catch (err) {
          rejectEdge(err);
        }
      });
    });
  }

  async setStatusLed(on: boolean): Promise<void> {
    await this.led?.write(on ? 1 : 0);
  }

  async stop(): Promise<void> {
    if (!this.running && this.outputs.size === 0) return;
    this.running = false;
    for (const { line } of this.outputs.values()) await line.write(this.inactive);
    await this.led?.write(0);
    for (const { line } of this.outputs.values()) await line.release();
    await this.led?.release();
    this.outputs.clear();
    this.led = undefined;
    this.held = undefined;
  }
}
