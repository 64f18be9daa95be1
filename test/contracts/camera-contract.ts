// The contract every camera passes: frames are real images, newer ones come later, stop
// leaves nothing running. Run for replay, stream and webcam here; on a Pi, for the real ones.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type { Camera } from '../../src/camera/camera.js';

/** A started camera must give its first frame within this long (a process camera has to boot). */
const FIRST_FRAME_MS = 10_000;

async function firstFrame(camera: Camera) {
  const deadline = Date.now() + FIRST_FRAME_MS;
  for (;;) {
    try {
      return await camera.capture();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

export function cameraContract(name: string, make: () => Promise<Camera>): void {
  test(`${name}: frames are decodable images, in time order`, async () => {
    const camera = await make();
    await camera.start();
    try {
      const a = await firstFrame(camera);
      await new Promise((r) => setTimeout(r, 60));
      const b = await camera.capture();
      for (const f of [a, b]) {
        const meta = await sharp(f.bytes).metadata();
        assert.ok(meta.width! > 0 && meta.height! > 0, `${name} gave an undecodable frame`);
        assert.ok(['jpeg', 'png', 'webp'].includes(meta.format!));
      }
      assert.ok(b.at >= a.at);
      assert.equal(camera.health, 'ok');
    } finally {
      await camera.stop();
    }
  });
}
