// A camera gives the newest frame on request. Implementations: replay (a folder of images),
// stream (a long-lived rpicam-vid or ffmpeg writing MJPEG to stdout), webcam (fswebcam per shot).
import { UserError } from '../errors/user-error.js';

export interface Frame {
  /** JPEG or PNG bytes as the camera gave them. */
  bytes: Buffer;
  /** When the frame was taken (epoch ms). */
  at: number;
  /** Where it came from: a file name for replay, else the camera. */
  source: string;
}

export type CameraHealth = 'ok' | 'lost';

export interface Camera {
  readonly name: string;
  readonly health: CameraHealth;
  /** Why the camera is lost, one line, when it is. */
  readonly problem?: string;
  start(): Promise<void>;
  /** The newest frame; throws CameraLostError when there is none fresh enough. */
  capture(): Promise<Frame>;
  stop(): Promise<void>;
  /** Called whenever health changes, with the reason when lost. */
  onHealthChange?: (health: CameraHealth, problem?: string) => void;
}

export class CameraLostError extends UserError {
  constructor(message: string) {
    super(message, { hint: 'see "Camera not found" in docs/device.md' });
    this.name = 'CameraLostError';
  }
}
