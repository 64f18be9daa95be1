// What start-up has opened so far. If a later step fails, everything is closed again in
// reverse order before the error is reported, so a sorter that cannot start exits at once
// instead of idling with a broker port, a lock or a camera held (a hung start under systemd).
import type { Logger } from '../controller/logger.js';

/** The longest one part may take to close; start-up failures must exit within seconds. */
const CLOSE_MS = 2000;

export class OpenedParts {
  private readonly closers: { what: string; close: () => Promise<unknown> | unknown }[] = [];

  add(what: string, close: () => Promise<unknown> | unknown): void {
    this.closers.push({ what, close });
  }

  async closeAll(logger: Logger): Promise<void> {
    for (const { what, close } of this.closers.reverse()) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(close),
          new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`did not close within ${CLOSE_MS} ms`)), CLOSE_MS); }),
        ]);
      } catch (err) {
        logger.debug(`closing ${what} after a failed start: ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
    this.closers.length = 0;
  }
}
