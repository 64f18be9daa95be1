// Plays a folder of JPEG/PNG frames in name order, once or looped: the demo and the tests.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CameraLostError, type Camera, type CameraHealth, type Frame } from './camera.js';
import { UserError } from '../errors/user-error.js';
import { EXIT_CONFIG } from '../errors/exit-codes.js';

const IMAGE = /\.(jpe?g|png|webp)$/i;

export class ReplayCamera implements Camera {
  readonly name: string;
  health: CameraHealth = 'ok';
  problem?: string;
  onHealthChange?: Camera['onHealthChange'];
  private files: string[] = [];
  private next = 0;

  constructor(private readonly folder: string, private readonly loop: boolean) {
    this.name = `replay ${folder}`;
  }

  async start(): Promise<void> {
    let names: string[];
    try {
      names = readdirSync(this.folder);
    } catch (err) {
      throw new UserError(`replay camera: cannot read ${this.folder} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { hint: 'set camera.folder to a folder of JPEG or PNG frames', exitCode: EXIT_CONFIG });
    }
    this.files = names.filter((n) => IMAGE.test(n)).sort();
    if (this.files.length === 0) throw new UserError(`replay camera: no .jpg, .png or .webp frames in ${this.folder}`);
  }

  /** Frames left before the end (Infinity when looping). */
  get remaining(): number {
    return this.loop ? Infinity : this.files.length - this.next;
  }

  async capture(): Promise<Frame> {
    if (this.next >= this.files.length) {
      if (!this.loop) throw new CameraLostError(`replay camera: all ${this.files.length} frames played`);
      this.next = 0;
    }
    const name = this.files[this.next++];
    return { bytes: readFileSync(join(this.folder, name)), at: Date.now(), source: name };
  }

  async stop(): Promise<void> {}
}
