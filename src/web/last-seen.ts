// The last camera frame (JPEG, as captured) and the 28×28 the model saw (PNG), kept for the
// web page and the retained snapshot topics; and the 28×28 of the last few garments, by
// decision id, for the page's gallery.
import type { Seen } from '../controller/seen.js';

/** Garments the gallery shows: about 1 kB each. */
export const GALLERY_SIZE = 24;

export class LastSeen {
  frame?: Buffer;
  input?: Buffer;
  /** Decision id → its 28×28 PNG, oldest first. */
  readonly recent = new Map<string, Buffer>();
  private encoding: Promise<void> = Promise.resolve();

  update(seen: Seen, decisionId?: string): Promise<void> {
    this.encoding = this.encoding.then(async () => {
      this.frame = seen.frame;
      // An empty tray has no 28×28; the last garment's stays.
      const png = await seen.png();
      if (!png) return;
      this.input = png;
      if (decisionId === undefined) return;
      this.recent.set(decisionId, png);
      if (this.recent.size > GALLERY_SIZE) this.recent.delete(this.recent.keys().next().value!);
    }).catch(() => {});
    return this.encoding;
  }
}
