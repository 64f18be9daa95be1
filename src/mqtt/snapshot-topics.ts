// <root>/snapshot/frame (JPEG) and <root>/snapshot/input (28×28 PNG), retained, so a dashboard
// can show what the camera saw. At most once a second; the latest always goes out last. An
// empty tray updates the frame only: the input stays the last garment's.
import type { LastSeen } from '../web/last-seen.js';
import type { Publisher } from './publisher.js';

export const SNAPSHOT_INTERVAL_MS = 1000;

export class SnapshotTopics {
  private timer?: NodeJS.Timeout;
  private dirty = false;

  constructor(private readonly publisher: Publisher, private readonly seen: LastSeen) {}

  changed(): void {
    this.dirty = true;
    if (!this.timer) this.flush();
  }

  private flush(): void {
    this.timer = undefined;
    if (!this.dirty || !this.publisher.connected) return;
    this.dirty = false;
    const { frame, input } = this.seen;
    if (frame) this.publisher.publishRaw(this.publisher.topic('snapshot/frame'), frame, 0, true).catch(() => {});
    if (input) this.publisher.publishRaw(this.publisher.topic('snapshot/input'), input, 0, true).catch(() => {});
    this.timer = setTimeout(() => this.flush(), SNAPSHOT_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
  }
}
