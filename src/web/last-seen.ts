// The last camera frame (JPEG, as captured) and the 28×28 the model saw (PNG), kept for the
// web page and the retained snapshot topics.
import type { Seen } from '../controller/seen.js';

export class LastSeen {
  frame?: Buffer;
  input?: Buffer;
  private encoding: Promise<void> = Promise.resolve();

  update(seen: Seen): Promise<void> {
    this.encoding = this.encoding.then(async () => {
      this.frame = seen.frame;
      // An empty tray has no 28×28; the last garment's stays.
      const png = await seen.png();
      if (png) this.input = png;
    }).catch(() => {});
    return this.encoding;
  }
}
