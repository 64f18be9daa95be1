// USB webcams through node-webcam, which runs fswebcam once per shot. fswebcam opens the
// device, lets the exposure settle and closes it again every time, so a capture takes
// 0.5–1.5 s. For low latency use the `ffmpeg` camera, which keeps the device open.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CameraLostError, type Camera, type CameraHealth, type Frame } from './camera.js';

interface NodeWebcam { capture(location: string, cb: (err: Error | null, data: unknown) => void): void }

export class WebcamCamera implements Camera {
  readonly name: string;
  health: CameraHealth = 'ok';
  problem?: string;
  onHealthChange?: Camera['onHealthChange'];
  private webcam?: NodeWebcam;
  private dir?: string;

  constructor(private readonly options: { device: string; width: number; height: number }) {
    this.name = `webcam ${options.device}`;
  }

  async start(): Promise<void> {
    const require = createRequire(import.meta.url);
    const NodeWebcam = require('node-webcam') as { create(o: object): NodeWebcam };
    this.dir = mkdtempSync(join(tmpdir(), 'laundry-sorter-webcam-'));
    this.webcam = NodeWebcam.create({
      width: this.options.width, height: this.options.height, device: this.options.device,
      output: 'jpeg', quality: 90, delay: 0, skip: 2, callbackReturn: 'location', verbose: false,
    });
  }

  private set(health: CameraHealth, problem?: string): void {
    if (health !== this.health || problem !== this.problem) this.onHealthChange?.(health, problem);
    this.health = health;
    this.problem = problem;
  }

  capture(): Promise<Frame> {
    const webcam = this.webcam;
    if (!webcam || !this.dir) return Promise.reject(new CameraLostError('webcam not started'));
    const location = join(this.dir, 'shot.jpg');
    return new Promise((resolve, reject) => {
      webcam.capture(location, (err) => {
        if (err) {
          const first = err.message.split('\n').find((l) => l.trim() && !l.startsWith('Command failed')) ?? err.message;
          const problem = /not found/.test(err.message) ? 'fswebcam not found (sudo apt-get install fswebcam)' : `fswebcam failed: ${first.trim()}`;
          this.set('lost', problem);
          return reject(new CameraLostError(`camera ${this.name}: ${problem}`));
        }
        try {
          const bytes = readFileSync(location);
          this.set('ok');
          resolve({ bytes, at: Date.now(), source: this.name });
        } catch (e) {
          this.set('lost', 'fswebcam wrote no image');
          reject(new CameraLostError(`camera ${this.name}: fswebcam wrote no image (${(e as Error).message})`));
        }
      });
    });
  }

  async stop(): Promise<void> {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }
}
