import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { decodeFrame, decodeFrameWithSharp, FrameError } from '../../src/preprocess/frame.js';
import { preprocessFrame, preprocessImage } from '../../src/preprocess/preprocess.js';
import { correlation, emptyTray, garmentFrame, silhouetteIou, testGarment } from '../helpers/frames.js';

const REAL_PHOTOS = join(process.cwd(), 'test', 'fixtures', 'real-photos');

async function garmentPixels(bytes: Buffer, options = {}): Promise<Uint8Array> {
  const r = await preprocessFrame(bytes, options);
  assert.equal(r.kind, 'garment', 'expected a garment, got an empty tray');
  return (r as { pixels: Uint8Array }).pixels;
}

test('a photographed Fashion-MNIST garment comes back as the same 28×28 image', async () => {
  // The first 13 test images: every class, pale and dark garments, wide and tall shapes.
  for (let index = 0; index < 13; index++) {
    const original = testGarment(index).pixels;
    const out = await garmentPixels(await garmentFrame(index));
    assert.ok(silhouetteIou(out, original) > 0.6, `garment ${index}: silhouette IoU ${silhouetteIou(out, original).toFixed(2)}`);
    assert.ok(correlation(out, original) > 0.65, `garment ${index}: correlation ${correlation(out, original).toFixed(2)}`);
  }
});

test('the garment ends up bright on black and centred, whatever the tray colour', async () => {
  const out = await garmentPixels(await garmentFrame(1, { tray: [120, 160, 210], offset: [-0.9, 0.9] }));
  const corners = [out[0], out[27], out[27 * 28], out[783]];
  assert.deepEqual(corners, [0, 0, 0, 0]);
  let cx = 0; let cy = 0; let mass = 0;
  for (let i = 0; i < 784; i++) { cx += (i % 28) * out[i]; cy += Math.floor(i / 28) * out[i]; mass += out[i]; }
  assert.ok(Math.abs(cx / mass - 13.5) < 3 && Math.abs(cy / mass - 13.5) < 3, `centre of mass at ${(cx / mass).toFixed(1)}, ${(cy / mass).toFixed(1)}`);
});

test('an empty tray is empty, not a guess: plain, gradient-lit, noisy, or dark', async () => {
  for (const [colour, noise] of [[[200, 190, 175], 0], [[200, 190, 175], 8], [[40, 45, 60], 6], [[250, 250, 250], 3]] as const) {
    const r = await preprocessFrame(await emptyTray(640, 480, [...colour], noise));
    assert.equal(r.kind, 'empty', `tray ${colour} with noise ${noise}`);
  }
});

test('corrupt, empty, non-image and oversized frames get a clear one-line error', async () => {
  const good = await garmentFrame(0);
  const cases: [string, Buffer, RegExp][] = [
    ['zero bytes', Buffer.alloc(0), /not an image: the frame is empty \(0 bytes\)/],
    ['text', Buffer.from('this is not a photo'), /not an image: 19 bytes in no format sharp reads/],
    ['a truncated JPEG', good.subarray(0, Math.floor(good.length / 3)), /corrupt or truncated image/],
  ];
  const huge = await sharp({ create: { width: 9000, height: 8000, channels: 3, background: '#ccc' } }).jpeg().toBuffer();
  cases.push(['a 72-megapixel frame', huge, /frame too large: over 64 megapixels/]);
  for (const [what, bytes, message] of cases) {
    await assert.rejects(preprocessFrame(bytes), (err: unknown) => err instanceof FrameError && message.test(err.message) && !err.message.includes('\n'), what);
  }
});

test('EXIF orientation is applied: a sideways-stored photo gives the same image', async () => {
  const upright = await garmentFrame(2);
  const stored = await sharp(upright).rotate(-90).withMetadata({ orientation: 6 }).jpeg({ quality: 95 }).toBuffer();
  assert.equal((await sharp(stored).metadata()).orientation, 6);
  // Both through sharp (the rotated one has to be), so only the rotation is compared.
  const seen = preprocessImage(await decodeFrameWithSharp(upright));
  assert.equal(seen.kind, 'garment');
  const a = (seen as { pixels: Uint8Array }).pixels;
  const b = await garmentPixels(stored);
  assert.ok(correlation(a, b) > 0.95, `correlation ${correlation(a, b).toFixed(3)}`);
});

test('the tray region crops first: a garment outside it is not seen', async () => {
  const frame = await garmentFrame(0, { scale: 0.45, offset: [-0.95, 0] }); // garment in the left third
  assert.equal((await preprocessFrame(frame, { tray: { x: 0.6, y: 0, width: 0.4, height: 1 } })).kind, 'empty');
  assert.equal((await preprocessFrame(frame, { tray: { x: 0, y: 0, width: 0.55, height: 1 } })).kind, 'garment');
});

test('a calibrated reference frame ignores a mark on the tray touching the garment, which the border model takes for garment', async () => {
  // A beige tray with a dark stain inside it: nothing at the border says the stain is tray.
  const stained = Buffer.alloc(640 * 480 * 3);
  for (let p = 0; p < 640 * 480; p++) {
    const [x, y] = [p % 640, Math.floor(p / 640)];
    const stain = x >= 220 && x < 330 && y >= 150 && y < 350; // touching the garment
    stained.set(stain ? [90, 70, 60] : [225, 215, 200], p * 3);
  }
  const tray = await sharp(stained, { raw: { width: 640, height: 480, channels: 3 } }).png().toBuffer();
  // The garment alone, its shading from the Fashion-MNIST image, opaque where that has any garment.
  const garment = testGarment(1).pixels;
  const big = await sharp(Buffer.from(garment), { raw: { width: 28, height: 28, channels: 1 } }).resize(288, 288, { kernel: 'cubic' }).extractChannel(0).raw().toBuffer();
  const rgba = Buffer.alloc(288 * 288 * 4);
  for (let p = 0; p < 288 * 288; p++) {
    const shade = 255 - big[p] * 0.8;
    rgba.set([shade * 0.5, shade * 0.45, shade * 0.4, Math.min(255, big[p] * 6)], p * 4);
  }
  const garmentPng = await sharp(rgba, { raw: { width: 288, height: 288, channels: 4 } }).png().toBuffer();
  const frame = await sharp(tray).composite([{ input: garmentPng, left: 300, top: 96 }]).png().toBuffer();

  const withReference = preprocessImage(await decodeFrame(frame), await decodeFrame(tray));
  assert.equal(withReference.kind, 'garment');
  const iouWith = silhouetteIou((withReference as { pixels: Uint8Array }).pixels, garment);
  const without = preprocessImage(await decodeFrame(frame));
  const iouWithout = without.kind === 'garment' ? silhouetteIou(without.pixels, garment) : 0;
  assert.ok(iouWith > 0.7, `with a reference: IoU ${iouWith.toFixed(2)}`);
  assert.ok(iouWith > iouWithout + 0.2, `reference ${iouWith.toFixed(2)} vs border model ${iouWithout.toFixed(2)}`);
  // And the stained tray alone is empty once calibrated.
  assert.equal(preprocessImage(await decodeFrame(tray), await decodeFrame(tray)).kind, 'empty');
});

test('every real phone photo in the fixtures yields a garment', async () => {
  const labels = JSON.parse(readFileSync(join(REAL_PHOTOS, 'labels.json'), 'utf8')) as Record<string, number>;
  for (const file of Object.keys(labels)) {
    const r = await preprocessFrame(readFileSync(join(REAL_PHOTOS, file)));
    assert.equal(r.kind, 'garment', file);
  }
  assert.ok(readdirSync(REAL_PHOTOS).length >= 5);
});
