// The fast JPEG path against sharp, the reference: the same pictures from every kind of
// baseline JPEG a camera sends, a hand-back to sharp for everything else, and never a picture
// from damaged data. jpegtran and cjpeg (Debian's libjpeg-turbo-progs) make the variants.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeFrame, decodeFrameWithSharp, FrameError, MAX_INPUT_PIXELS, WORKING_SIZE, type Region, type RgbImage } from '../../src/preprocess/frame.js';
import { preprocessImage } from '../../src/preprocess/preprocess.js';
import { decodeSmallJpeg } from '../../src/preprocess/jpeg/small-jpeg.js';
import { exifOrientation } from '../../src/preprocess/jpeg/jpeg-header.js';
import { correlation, garmentFrame } from '../helpers/frames.js';

const DEMO = join(process.cwd(), 'demo', 'frames');
const fast = (bytes: Uint8Array, tray?: Region) => decodeSmallJpeg(bytes, { size: WORKING_SIZE, tray, maxPixels: MAX_INPUT_PIXELS });

function meanDifference(a: RgbImage, b: RgbImage): number {
  assert.deepEqual([a.width, a.height], [b.width, b.height], 'sizes differ');
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i] - b.data[i]);
  return sum / a.data.length;
}

/** Runs a libjpeg-turbo tool, failing with what to install when it is missing. */
function libjpegTool(tool: 'jpegtran' | 'cjpeg', args: string[], input: Buffer): Buffer {
  try {
    return execFileSync(tool, args, { input, maxBuffer: 64 << 20 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') assert.fail(`${tool} is missing: sudo apt-get install libjpeg-turbo-progs (scripts/install-deps.sh --test does)`);
    throw err;
  }
}

async function asPpm(jpeg: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return Buffer.concat([Buffer.from(`P6\n${info.width} ${info.height}\n255\n`), data]);
}

test('camera frames come out as sharp makes them: the bundled demo frames, within a level on average', async () => {
  for (const file of readdirSync(DEMO)) {
    const bytes = readFileSync(join(DEMO, file));
    const image = fast(bytes);
    assert.ok(image, `${file} went to sharp, not the fast path`);
    const reference = await decodeFrameWithSharp(bytes);
    assert.ok(meanDifference(image, reference) < 1, `${file}: mean difference ${meanDifference(image, reference).toFixed(2)}`);
    // And what the model sees: the same garment box give or take a working pixel, and the same
    // 28×28 up to that sub-pixel shift (thin straps make level-by-level comparison meaningless).
    const a = preprocessImage(image);
    const aPixels = a.kind === 'garment' ? Array.from(a.pixels) : [];
    const aBox = a.kind === 'garment' ? { ...a.box } : undefined;
    const b = preprocessImage(reference);
    assert.equal(a.kind, b.kind, file);
    if (aBox && b.kind === 'garment') {
      for (const side of ['x', 'y', 'width', 'height'] as const) assert.ok(Math.abs(aBox[side] - b.box[side]) <= 2, `${file}: box ${JSON.stringify(aBox)} against ${JSON.stringify(b.box)}`);
      assert.ok(correlation(aPixels, b.pixels) > 0.85, `${file}: 28×28 correlation ${correlation(aPixels, b.pixels).toFixed(3)}`);
    }
  }
});

test('every baseline layout cameras use decodes on the fast path: restart markers, 4:4:4, 4:2:2, gray, optimised tables', async () => {
  const frame = await garmentFrame(3);
  const ppm = await asPpm(frame);
  const variants: [string, Buffer][] = [
    ['restart every MCU row', libjpegTool('jpegtran', ['-restart', '1'], frame)],
    ['restart every block', libjpegTool('jpegtran', ['-restart', '1B'], frame)],
    ['4:4:4', await sharp(frame).jpeg({ quality: 90, chromaSubsampling: '4:4:4' }).toBuffer()],
    ['4:2:2 with restarts', libjpegTool('cjpeg', ['-sample', '2x1', '-restart', '2', '-quality', '85'], ppm)],
    ['optimised Huffman tables', libjpegTool('cjpeg', ['-optimize', '-quality', '75'], ppm)],
    ['gray', libjpegTool('jpegtran', ['-grayscale'], frame)],
  ];
  for (const [what, bytes] of variants) {
    const image = fast(bytes);
    assert.ok(image, `${what}: went to sharp`);
    const difference = meanDifference(image, await decodeFrameWithSharp(bytes));
    assert.ok(difference < 1.5, `${what}: mean difference ${difference.toFixed(2)}`);
  }
});

test('big frames decode at 1/8, and the tray crop matches sharp', async () => {
  const hd = await garmentFrame(5, { width: 1920, height: 1080 });
  assert.ok(meanDifference(fast(hd)!, await decodeFrameWithSharp(hd)) < 1.5);
  const tray = { x: 0.1, y: 0.05, width: 0.7, height: 0.85 };
  const image = fast(hd, tray);
  assert.ok(image, 'cropped frame went to sharp');
  const difference = meanDifference(image, await decodeFrameWithSharp(hd, { tray }));
  assert.ok(difference < 2, `cropped: mean difference ${difference.toFixed(2)}`);
  // A 640×480 frame cropped to 70% is 112 px across at 1/4 scale, short of the working size:
  // it goes to sharp, and comes out the same size either way.
  const small = await garmentFrame(6);
  assert.equal(fast(small, tray), undefined);
  const viaSharp = await decodeFrame(small, { tray });
  const reference = await decodeFrameWithSharp(small, { tray });
  assert.deepEqual([viaSharp.width, viaSharp.height], [reference.width, reference.height]);
});

test('what the fast path does not handle goes to sharp: PNG, progressive, rotated, colour-managed, small', async () => {
  const frame = await garmentFrame(7);
  const cases: [string, Buffer][] = [
    ['PNG', await sharp(frame).png().toBuffer()],
    ['progressive', await sharp(frame).jpeg({ progressive: true }).toBuffer()],
    ['EXIF orientation 6', await sharp(frame).withMetadata({ orientation: 6 }).jpeg().toBuffer()],
    ['an ICC profile', await sharp(frame).withIccProfile('p3').jpeg().toBuffer()],
    ['320×240, too small to decode scaled', await sharp(frame).resize(320, 240).jpeg().toBuffer()],
  ];
  for (const [what, bytes] of cases) {
    assert.equal(fast(bytes), undefined, what);
    assert.ok(meanDifference(await decodeFrame(bytes), await decodeFrameWithSharp(bytes)) === 0, `${what}: decodeFrame did not use sharp`);
  }
});

test('a frame cut anywhere is never decoded on the fast path, and decodeFrame reports it', async () => {
  const bytes = await garmentFrame(8);
  const cuts = [bytes.length - 1, bytes.length - 2, ...Array.from({ length: 40 }, (_, i) => Math.floor((bytes.length * (i + 1)) / 42))];
  for (const cut of cuts) {
    const part = bytes.subarray(0, cut);
    assert.equal(fast(part), undefined, `cut at ${cut} of ${bytes.length} bytes decoded`);
    await assert.rejects(decodeFrame(part), (err: unknown) => err instanceof FrameError && /corrupt or truncated/.test(err.message), `cut at ${cut}`);
  }
});

test('damaged data never throws from the fast path: it decodes, or hands over to sharp', async () => {
  // libjpeg itself reads most flipped bits as a garbled picture, not an error (sharp caught none
  // of these 200); the fast path hands about a fifth over to sharp. Neither may crash the sorter.
  const bytes = await garmentFrame(9);
  for (let trial = 0; trial < 200; trial++) {
    const damaged = Buffer.from(bytes);
    const at = 700 + ((trial * 7919) % (bytes.length - 710));
    damaged[at] ^= 1 << (trial % 8);
    const image = fast(damaged);
    const size = [WORKING_SIZE, WORKING_SIZE * 3 / 4]; // 640×480 frames
    if (image) assert.deepEqual([image.width, image.height], size);
    await decodeFrame(damaged).then(
      (decoded) => assert.deepEqual([decoded.width, decoded.height], size),
      (err: unknown) => assert.ok(err instanceof FrameError, `trial ${trial}: ${String(err)}`),
    );
  }
});

test('EXIF orientation is read from either byte order', async () => {
  for (const orientation of [1, 3, 6, 8]) {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } }).withMetadata({ orientation }).jpeg().toBuffer();
    let at = 2;
    while (jpeg[at + 1] !== 0xe1) at += 2 + jpeg.readUInt16BE(at + 2);
    assert.equal(exifOrientation(jpeg.subarray(at + 4, at + 2 + jpeg.readUInt16BE(at + 2))), orientation);
  }
  const bigEndian = Buffer.from([...Buffer.from('Exif\0\0'), 0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0]);
  assert.equal(exifOrientation(bigEndian), 6);
});
