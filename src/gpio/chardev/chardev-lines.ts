// GPIO through the character device, the interface current Raspberry Pi OS kernels have
// (sysfs GPIO is deprecated and missing on trixie). Thin on purpose, like the onoff backend:
// bins, pulses and debounce live in the shared code the contract test checks.
import type { Logger } from '../../controller/logger.js';
import type { InputLine, Level, Lines, OutputLine } from '../lines.js';
import { chooseChip } from './choose-chip.js';
import { GpiodHelper, listChips, type HelperOptions } from './gpiod-helper.js';

export interface ChardevOptions extends HelperOptions {
  devDir: string;
  /** A chip by path, name, number or label; the Pi's own controller when absent. */
  chip?: string;
  consumer?: string;
  logger?: Logger;
}

/**
 * Edge timestamps are the kernel's CLOCK_MONOTONIC; process.hrtime reads the same clock, so
 * an edge becomes epoch ms on the sorter's clock without the jitter of when it was read.
 */
export function monotonicToEpochMs(ns: number): number {
  const ageMs = Number(process.hrtime.bigint() - BigInt(ns)) / 1e6;
  return performance.timeOrigin + performance.now() - ageMs;
}

export class ChardevLines implements Lines {
  readonly name: string;
  private readonly watchers = new Map<number, (level: Level, at: number) => void>();

  private constructor(private readonly helper: GpiodHelper, version: string, logger?: Logger) {
    const c = helper.chip;
    this.name = `character device ${c.path} (${c.label}, ${c.lines} lines; python3-libgpiod ${version})`;
    helper.onEdge = (e) => this.watchers.get(e.edge)?.(e.level, monotonicToEpochMs(e.ns));
    helper.onExit = (err) => logger?.error(`${err.message}; the bins cannot move until the sorter restarts`);
  }

  static async open(options: ChardevOptions): Promise<ChardevLines> {
    const listing = await listChips(options.devDir, options);
    const chip = chooseChip(listing, options.devDir, options.chip);
    const helper = await GpiodHelper.start(chip.path, options.consumer ?? 'laundry-sorter', options);
    return new ChardevLines(helper, listing.version, options.logger);
  }

  async output(pin: number, initial: Level, safe: Level = initial): Promise<OutputLine> {
    await this.helper.request('output', pin, { level: initial, safe });
    return {
      write: async (level) => { await this.helper.request('set', pin, { level }); },
      release: () => this.release(pin),
    };
  }

  async input(pin: number, onChange: (level: Level, at: number) => void): Promise<InputLine> {
    this.watchers.set(pin, onChange);
    let level: Level;
    try {
      level = (await this.helper.request('input', pin)).level as Level;
    } catch (err) {
      this.watchers.delete(pin);
      throw err;
    }
    // The helper reports edges, so the last one is the level; no round trip to read it.
    this.watchers.set(pin, (l, at) => { level = l; onChange(l, at); });
    return {
      read: async () => level,
      release: async () => { this.watchers.delete(pin); await this.release(pin); },
    };
  }

  private async release(pin: number): Promise<void> {
    await this.helper.request('release', pin);
  }

  /** Ends the helper; lines still held go to their safe level first. */
  close(): Promise<void> {
    return this.helper.close();
  }

  get helperPid(): number | undefined {
    return this.helper.pid;
  }
}
