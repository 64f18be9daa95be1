import type { Trigger } from './trigger.js';

export class IntervalTrigger implements Trigger {
  readonly name: string;
  private timer?: NodeJS.Timeout;

  constructor(private readonly everyMs: number) {
    this.name = `every ${everyMs} ms`;
  }

  async start(fire: (reason: string) => void): Promise<void> {
    this.timer = setInterval(() => fire('interval'), this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
