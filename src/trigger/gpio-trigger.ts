// A beam-break sensor or a button on a GPIO input. Contacts bounce and sensors flicker as a
// garment's edge passes, so a new level counts only once it has held for debounceMs.
import type { InputLine, Level, Lines } from '../gpio/lines.js';
import type { Trigger } from './trigger.js';

export type EdgeKind = 'rising' | 'falling' | 'both';

export class GpioTrigger implements Trigger {
  readonly name: string;
  private line?: InputLine;
  private timer?: NodeJS.Timeout;
  private stable?: Level;

  constructor(private readonly lines: Lines, private readonly pin: number, private readonly edge: EdgeKind, private readonly debounceMs: number) {
    this.name = `GPIO ${pin} (${edge}, ${debounceMs} ms debounce)`;
  }

  async start(fire: (reason: string) => void): Promise<void> {
    let pending: Level | undefined;
    this.line = await this.lines.input(this.pin, (level) => {
      pending = level;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        if (pending === undefined || pending === this.stable) return;
        const before = this.stable;
        this.stable = pending;
        if (before === undefined) return;
        const rising = before === 0 && pending === 1;
        if (this.edge === 'both' || (this.edge === 'rising') === rising) fire(`GPIO ${this.pin} ${rising ? 'rising' : 'falling'}`);
      }, this.debounceMs);
    });
    this.stable = await this.line.read();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.line?.release();
    this.line = undefined;
  }
}
