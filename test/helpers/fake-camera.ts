// Stands in for rpicam-vid / ffmpeg: writes real JPEG frames to stdout as MJPEG.
// Environment: FAKE_FPS (default 30), FAKE_FRAMES (exit after N, with FAKE_EXIT_CODE),
// FAKE_STALL_AFTER (stop writing after N frames but stay alive), FAKE_CHUNK (bytes per write).
import sharp from 'sharp';

const env = process.env;
const fps = Number(env.FAKE_FPS ?? 30);
const frames = env.FAKE_FRAMES ? Number(env.FAKE_FRAMES) : Infinity;
const stallAfter = env.FAKE_STALL_AFTER ? Number(env.FAKE_STALL_AFTER) : Infinity;
const chunk = Number(env.FAKE_CHUNK ?? 1 << 20);

const jpegs = await Promise.all([0, 1, 2].map((i) => sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 80 * i, g: 120, b: 200 } } }).jpeg().toBuffer()));
process.stderr.write('fake camera: started\n');
let sent = 0;
const timer = setInterval(() => {
  if (sent >= stallAfter) return;
  if (sent >= frames) {
    clearInterval(timer);
    process.stderr.write('fake camera: sensor disconnected\n');
    process.exit(Number(env.FAKE_EXIT_CODE ?? 1));
  }
  const jpeg = jpegs[sent % jpegs.length];
  // Garbage between frames, as a real stream may carry, must be skipped.
  const data = Buffer.concat([Buffer.from([0x00, 0xff]), jpeg]);
  for (let at = 0; at < data.length; at += chunk) process.stdout.write(data.subarray(at, at + chunk));
  sent++;
}, 1000 / fps);
process.on('SIGTERM', () => process.exit(0));
