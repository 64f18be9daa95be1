// A camera process that runs for as long as the sorter does and streams MJPEG to stdout
// (rpicam-vid, libcamera-vid, ffmpeg). Only the newest frame is kept, so a capture costs
// nothing but a copy. If the process dies, or no frame comes for staleAfter seconds, the
// camera is reported lost and restarted with backoff; the sorter keeps its other duties.
import { spawn, type ChildProcess } from 'node:child_process';
import { CameraLostError, type Camera, type CameraHealth, type Frame } from './camera.js';
import { MjpegSplitter } from './mjpeg-splitter.js';

export interface StreamCameraOptions {
  name: string;
  command: string;
  args: string[];
  staleAfterMs: number;
  restartMinMs?: number;
  restartMaxMs?: number;
  /** Extra environment for the camera process (added to the sorter's own). */
  env?: Record<string, string>;
}

export class StreamCamera implements Camera {
  health: CameraHealth = 'lost';
  problem?: string = 'not started';
  onHealthChange?: Camera['onHealthChange'];
  private child?: ChildProcess;
  private newest?: Frame;
  private stopping = false;
  private restartTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private backoff: number;
  private stderrTail = '';
  /** A process we killed ourselves (it stalled): its exit is not news, the stall was. */
  private killedForStall?: ChildProcess;
  restarts = 0;

  constructor(private readonly options: StreamCameraOptions) {
    this.backoff = options.restartMinMs ?? 1000;
  }

  get name(): string {
    return this.options.name;
  }

  private setHealth(health: CameraHealth, problem?: string): void {
    const changed = health !== this.health || problem !== this.problem;
    this.health = health;
    this.problem = problem;
    if (changed) this.onHealthChange?.(health, problem);
  }

  async start(): Promise<void> {
    this.stopping = false;
    this.spawn();
    // Staleness is checked on a timer, not only at capture, so health is right on the state topic too.
    this.watchdog = setInterval(() => {
      if (this.health === 'ok' && this.newest && Date.now() - this.newest.at > this.options.staleAfterMs) {
        this.killedForStall = this.child;
        this.lost(`no frame for ${(this.options.staleAfterMs / 1000).toFixed(1)} s`);
        this.child?.kill('SIGKILL');
      }
    }, Math.min(1000, this.options.staleAfterMs / 2));
  }

  private spawn(): void {
    const splitter = new MjpegSplitter((bytes) => {
      this.newest = { bytes, at: Date.now(), source: this.name };
      if (this.health !== 'ok') {
        this.backoff = this.options.restartMinMs ?? 1000;
        this.setHealth('ok');
      }
    });
    let child: ChildProcess;
    try {
      child = spawn(this.options.command, this.options.args, { stdio: ['ignore', 'pipe', 'pipe'], env: this.options.env ? { ...process.env, ...this.options.env } : process.env });
    } catch (err) {
      this.lost(`cannot start ${this.options.command}: ${(err as Error).message}`);
      return;
    }
    this.child = child;
    this.stderrTail = '';
    child.stdout!.on('data', (d: Buffer) => splitter.push(d));
    child.stderr!.on('data', (d: Buffer) => { this.stderrTail = (this.stderrTail + d.toString()).slice(-400); });
    child.on('error', (err: NodeJS.ErrnoException) => {
      // A program that never started (not installed) sends no exit event: retry from here.
      if (child.pid === undefined && this.child === child) this.child = undefined;
      this.lost(err.code === 'ENOENT' ? `${this.options.command} not found (is the camera software installed?)` : `${this.options.command}: ${err.message}`);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (this.stopping) return;
      if (child === this.killedForStall) {
        this.killedForStall = undefined;
        this.scheduleRestart();
        return;
      }
      const last = this.stderrTail.trim().split('\n').pop();
      this.lost(`${this.options.command} exited (${signal ?? `code ${code}`})${last ? `: ${last}` : ''}`);
    });
  }

  private lost(problem: string): void {
    this.setHealth('lost', problem);
    // A process still running (being killed) restarts from its exit handler instead.
    if (!this.child) this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopping || this.restartTimer) return;
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping || this.child) return;
      this.restarts++;
      this.spawn();
    }, this.backoff);
    this.backoff = Math.min(this.options.restartMaxMs ?? 30_000, this.backoff * 2);
  }

  async capture(): Promise<Frame> {
    const frame = this.newest;
    if (!frame || this.health === 'lost' || Date.now() - frame.at > this.options.staleAfterMs) {
      throw new CameraLostError(`camera ${this.name} has no fresh frame: ${this.problem ?? 'none yet'}`);
    }
    return frame;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearInterval(this.watchdog);
    this.restartTimer = undefined;
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      await new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
        child.once('exit', () => { clearTimeout(kill); resolve(); });
        child.kill('SIGTERM');
      });
    }
  }
}

export function rpicamArgs(c: { width: number; height: number; framerate: number; extraArgs: string[] }): string[] {
  // -t 0: run forever; -n: no preview window; MJPEG to stdout, one JPEG per frame.
  return ['-t', '0', '-n', '--codec', 'mjpeg', '--width', String(c.width), '--height', String(c.height), '--framerate', String(c.framerate), ...c.extraArgs, '-o', '-'];
}

export function ffmpegArgs(c: { device: string; width: number; height: number; framerate: number }): string[] {
  // Ask the webcam for MJPEG and copy it through: no decode or re-encode on the Pi.
  return ['-hide_banner', '-loglevel', 'error', '-f', 'v4l2', '-input_format', 'mjpeg', '-video_size', `${c.width}x${c.height}`,
    '-framerate', String(c.framerate), '-i', c.device, '-c:v', 'copy', '-f', 'mjpeg', '-'];
}
