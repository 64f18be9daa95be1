// No sensor at all: watch the tray. When it goes from empty to occupied and the garment then
// lies still for K looks in a row, fire once; re-arm only after the tray is empty again, so
// one garment gives exactly one decision however long it stays.
import type { Camera } from '../camera/camera.js';
import type { Preprocessed } from '../preprocess/preprocess.js';
import type { Trigger } from './trigger.js';

/** Mean absolute difference of two 28×28 images below which the garment counts as still. */
export const STILL_DIFFERENCE = 6;

export type Look = (frame: Buffer) => Promise<Preprocessed>;

export function meanDifference(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

export class PresenceTrigger implements Trigger {
  readonly name: string;
  private timer?: NodeJS.Timeout;
  private armed = true;
  private still = 0;
  private last?: Uint8Array;
  private busy = false;

  constructor(private readonly camera: Camera, private readonly look: Look, private readonly stillFrames: number, private readonly everyMs: number) {
    this.name = `presence (still for ${stillFrames} looks, every ${everyMs} ms)`;
  }

  /** One look at the tray; exposed so tests can step it without timers. */
  async observe(fire: (reason: string) => void): Promise<void> {
    let seen: Preprocessed;
    try {
      seen = await this.look((await this.camera.capture()).bytes);
    } catch {
      return; // camera trouble is the controller's to report; presence just waits
    }
    if (seen.kind === 'empty') {
      this.armed = true;
      this.still = 0;
      this.last = undefined;
      return;
    }
    this.still = this.last && meanDifference(this.last, seen.pixels) < STILL_DIFFERENCE ? this.still + 1 : 1;
    this.last = seen.pixels;
    if (this.armed && this.still >= this.stillFrames) {
      this.armed = false;
      fire('presence');
    }
  }

  async start(fire: (reason: string) => void): Promise<void> {
    this.timer = setInterval(() => {
      if (this.busy) return;
      this.busy = true;
      this.observe(fire).finally(() => { this.busy = false; });
    }, this.everyMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}
