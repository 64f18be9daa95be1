// A GPIO backend in memory for the demo and the tests: real code that records the levels it
// is asked to drive, with the time, and lets a test press an input like a sensor would. The
// record is a window of the latest edges (the demo runs for days), with a count of them all.
import type { InputLine, Level, Lines, OutputLine } from './lines.js';

export interface Edge { pin: number; level: Level; at: number }

/** Edges kept: enough for any test or bench to look back over, and a bounded 100 kB or so in a demo that runs for weeks. */
export const EDGE_WINDOW = 1000;

export class SimulatedLines implements Lines {
  readonly name = 'simulated';
  /** The latest edges, oldest first: at most EDGE_WINDOW of them (a little more between trims). */
  edges: Edge[] = [];
  /** Every edge driven since start. */
  edgeCount = 0;
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
      this.edgeCount++;
      // Trimmed in batches, so each edge costs O(1) on average.
      if (this.edges.length >= 2 * EDGE_WINDOW) this.edges = this.edges.slice(-EDGE_WINDOW);
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
