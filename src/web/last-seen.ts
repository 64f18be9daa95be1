// The last camera frame (JPEG, as captured) and the 28×28 the model saw (PNG), kept for the
// web page and the retained snapshot topics.
import sharp from 'sharp';
import { IMAGE_SIZE } from '../dataset/classes.js';

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
      if (pixels) this.input = await sharp(Buffer.from(pixels), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1 } }).png().toBuffer();
    }).catch(() => {});
    return this.encoding;
  }
}
