// A GPIO backend in memory for the demo and the tests: real code that records every level it
// is asked to drive, with the time, and lets a test press an input like a sensor would.
import type { InputLine, Level, Lines, OutputLine } from './lines.js';

export interface Edge { pin: number; level: Level; at: number }

export class SimulatedLines implements Lines {
  readonly name = 'simulated';
  readonly edges: Edge[] = [];
  readonly levels = new Map<number, Level>();
  private readonly claimed = new Set<number>();
  private readonly listeners = new Map<number, (level: Level, at: number) => void>();

  constructor(private readonly now: () => number = () => performance.timeOrigin + performance.now()) {}

  private claim(pin: number): void {
    if (this.claimed.has(pin)) throw new Error(`GPIO ${pin} is already in use`);
    this.claimed.add(pin);
  }

  async output(pin: number, initial: Level): Promise<OutputLine> {
    this.claim(pin);
    const write = async (level: Level) => {
      this.levels.set(pin, level);
      this.edges.push({ pin, level, at: this.now() });
    };
    await write(initial);
    return { write, release: async () => { this.claimed.delete(pin); } };
  }

  async input(pin: number, onChange: (level: Level, at: number) => void): Promise<InputLine> {
    this.claim(pin);
    this.levels.set(pin, this.levels.get(pin) ?? 1);
    this.listeners.set(pin, onChange);
    return {
      read: async () => this.levels.get(pin) ?? 1,
      release: async () => { this.listeners.delete(pin); this.claimed.delete(pin); },
    };
  }

  /** Drives an input as the outside world would (a beam broken, a button pressed). */
  setInput(pin: number, level: Level): void {
    this.levels.set(pin, level);
    this.listeners.get(pin)?.(level, this.now());
  }

  isClaimed(pin: number): boolean {
    return this.claimed.has(pin);
  }
}
