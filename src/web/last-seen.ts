// The last camera frame (JPEG, as captured) and the 28×28 the model saw (PNG), kept for the
// web page and the retained snapshot topics.
import { inputPng } from '../preprocess/input-png.js';

export class LastSeen {
  frame?: Buffer;
  input?: Buffer;
  decisionId?: string;
  private encoding: Promise<void> = Promise.resolve();

  update(decisionId: string, frame: Buffer, pixels: Uint8Array | undefined): Promise<void> {
    this.encoding = this.encoding.then(async () => {
      this.frame = frame;
      this.decisionId = decisionId;
      // An empty tray has no 28×28; the last garment's stays.
      if (pixels) this.input = await inputPng(pixels);
    }).catch(() => {});
    return this.encoding;
  }
}
