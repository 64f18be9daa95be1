import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { CameraLostError } from '../../src/camera/camera.js';
import { MjpegSplitter } from '../../src/camera/mjpeg-splitter.js';
import { ReplayCamera } from '../../src/camera/replay-camera.js';
import { StreamCamera } from '../../src/camera/stream-camera.js';
import { WebcamCamera } from '../../src/camera/webcam-camera.js';
import { cameraContract } from '../contracts/camera-contract.js';
import { tempDir } from '../helpers/temp-dir.js';

const FAKE = fileURLToPath(new URL('../helpers/fake-camera.js', import.meta.url));

function fakeStream(env: Record<string, string> = {}, staleAfterMs = 1000) {
  return new StreamCamera({ name: 'fake rpicam', command: process.execPath, args: [FAKE], staleAfterMs, restartMinMs: 100, restartMaxMs: 400, env: { FAKE_FPS: '30', ...env } });
}

// node-webcam finds fswebcam on PATH, and has no option for another one: the stand-in goes
// first on PATH while this file runs, and PATH is put back after.
const originalPath = process.env.PATH;
after(() => { process.env.PATH = originalPath; });

async function frameFolder(count: number): Promise<string> {
  const dir = tempDir();
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, `frame-${i}.png`), await sharp({ create: { width: 32, height: 24, channels: 3, background: { r: i * 20, g: 0, b: 0 } } }).png().toBuffer());
  }
  writeFileSync(join(dir, 'notes.txt'), 'not a frame');
  return dir;
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

cameraContract('replay', async () => new ReplayCamera(await frameFolder(3), true));
cameraContract('stream (fake rpicam-vid)', async () => fakeStream());
cameraContract('webcam (fake fswebcam)', async () => {
  // node-webcam runs `fswebcam … LOCATION`; this stand-in writes a JPEG there.
  const bin = tempDir();
  const jpeg = join(bin, 'shot.jpg');
  writeFileSync(jpeg, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } }).jpeg().toBuffer());
  writeFileSync(join(bin, 'fswebcam'), `#!/bin/sh\nfor last; do :; done\ncp ${jpeg} "$last"\n`);
  chmodSync(join(bin, 'fswebcam'), 0o755);
  process.env.PATH = `${bin}:${originalPath}`;
  return new WebcamCamera({ device: '/dev/video0', width: 64, height: 48 });
});

test('replay: plays frames in name order, loops, or ends with a clear error', async () => {
  const dir = await frameFolder(3);
  const once = new ReplayCamera(dir, false);
  await once.start();
  const names = [(await once.capture()).source, (await once.capture()).source, (await once.capture()).source];
  assert.deepEqual(names, ['frame-0.png', 'frame-1.png', 'frame-2.png']);
  await assert.rejects(once.capture(), /all 3 frames played/);
  const looped = new ReplayCamera(dir, true);
  await looped.start();
  for (let i = 0; i < 3; i++) await looped.capture();
  assert.equal((await looped.capture()).source, 'frame-0.png');
  await assert.rejects(new ReplayCamera(join(dir, 'missing'), true).start(), /cannot read .*missing \(ENOENT\)/);
  await assert.rejects(new ReplayCamera(tempDir(), true).start(), /no \.jpg, \.png or \.webp frames/);
});

test('stream: a camera process that dies is reported lost with its reason, then restarted', async () => {
  const camera = fakeStream({ FAKE_FRAMES: '5', FAKE_EXIT_CODE: '3' });
  const changes: string[] = [];
  camera.onHealthChange = (h, p) => changes.push(p ? `${h}: ${p}` : h);
  await camera.start();
  try {
    await until(() => changes.some((c) => c.startsWith('lost')));
    assert.ok(changes.some((c) => /lost: .* exited \(code 3\): fake camera: sensor disconnected/.test(c)), changes.join('\n'));
    await assert.rejects(camera.capture(), CameraLostError);
    await until(() => camera.health === 'ok' && camera.restarts >= 1);
    assert.ok((await camera.capture()).bytes.length > 0);
  } finally {
    await camera.stop();
  }
});

test('stream: a camera that stops sending frames is lost after staleAfter, and restarted', async () => {
  const camera = fakeStream({ FAKE_STALL_AFTER: '3', FAKE_FRAMES: '' }, 300);
  await camera.start();
  try {
    await until(() => camera.health === 'ok');
    await until(() => camera.health === 'lost');
    assert.match(camera.problem!, /no frame for 0\.3 s/);
    await until(() => camera.restarts >= 1 && camera.health === 'ok');
  } finally {
    await camera.stop();
  }
});

test('stream: a missing camera program is named, not a crash', async () => {
  const camera = new StreamCamera({ name: 'pi camera', command: 'rpicam-vid-not-installed', args: [], staleAfterMs: 1000, restartMinMs: 50 });
  await camera.start();
  try {
    await until(() => /not found/.test(camera.problem ?? ''));
    assert.match(camera.problem!, /rpicam-vid-not-installed not found \(is the camera software installed\?\)/);
    await assert.rejects(camera.capture(), /has no fresh frame/);
    // It keeps looking for the camera, in case it gets installed or plugged in.
    await until(() => camera.restarts >= 2);
  } finally {
    await camera.stop();
  }
});

test('stream: frames split into 7-byte writes still arrive whole', async () => {
  const camera = fakeStream({ FAKE_CHUNK: '7' });
  await camera.start();
  try {
    await until(() => camera.health === 'ok');
    const meta = await sharp((await camera.capture()).bytes).metadata();
    assert.equal(meta.width, 64);
  } finally {
    await camera.stop();
  }
});

test('the MJPEG splitter skips garbage and bounds a frame that never ends', () => {
  const frames: Buffer[] = [];
  const s = new MjpegSplitter((f) => frames.push(f));
  s.push(Buffer.from([1, 2, 0xff, 0xd8, 9, 9, 0xff]));
  s.push(Buffer.from([0xd9, 7, 0xff, 0xd8, 5, 0xff, 0xd9]));
  assert.deepEqual(frames.map((f) => [...f]), [[0xff, 0xd8, 9, 9, 0xff, 0xd9], [0xff, 0xd8, 5, 0xff, 0xd9]]);
  const endless = Buffer.alloc(MjpegSplitter.MAX_FRAME_BYTES + 10);
  endless[0] = 0xff; endless[1] = 0xd8;
  s.push(endless);
  s.push(Buffer.from([0xff, 0xd8, 1, 0xff, 0xd9]));
  assert.equal(frames.length, 3, 'a frame after an overlong one must still be found');
});
