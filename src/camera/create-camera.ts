import type { CameraConfig } from '../config/schema.js';
import type { Camera } from './camera.js';
import { ReplayCamera } from './replay-camera.js';
import { ffmpegArgs, rpicamArgs, StreamCamera } from './stream-camera.js';
import { WebcamCamera } from './webcam-camera.js';

export function createCamera(c: CameraConfig): Camera {
  const staleAfterMs = c.staleAfterSeconds * 1000;
  switch (c.kind) {
    case 'replay':
      return new ReplayCamera(c.folder, c.loop);
    case 'webcam':
      return new WebcamCamera(c);
    case 'rpicam':
      return new StreamCamera({ name: `${c.command} (Pi camera)`, command: c.command, args: rpicamArgs(c), staleAfterMs });
    case 'ffmpeg':
      return new StreamCamera({ name: `ffmpeg ${c.device}`, command: c.command, args: ffmpegArgs(c), staleAfterMs });
  }
}
