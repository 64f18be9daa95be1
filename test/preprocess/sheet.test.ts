// A garment on a sheet that lies turned on the tray: the garment is found, not the sheet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { preprocessFrame } from '../../src/preprocess/preprocess.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { turnPhoto } from '../../src/synthetic/turned-photo.js';
import { garmentFrame, silhouetteIou, testGarment } from '../helpers/frames.js';

test('a photo turned 30° on a plain fill: the garment in it is found, not the photo', async () => {
  // The photo's floor is the "sheet": the first segmentation takes the whole turned photo.
  const photo = await sharp(readFileSync(join(process.cwd(), 'test', 'fixtures', 'real-photos', 'trouser', 'cds_1.jpg'))).rotate().jpeg({ quality: 95 }).toBuffer();
  const asTaken = await preprocessFrame(photo);
  const turned = await preprocessFrame(await sharp(photo).rotate(-30, { background: { r: 128, g: 128, b: 128 } }).jpeg({ quality: 90 }).toBuffer());
  assert.ok(asTaken.kind === 'garment' && turned.kind === 'garment');
  if (asTaken.kind !== 'garment' || turned.kind !== 'garment') return;
  // The same trousers: their straightened 28×28 matches the photo as taken. Measured: 0.67 with
  // the sheet found (the straightened sheet is smaller, so the outline is softer), 0.47 without.
  const iou = silhouetteIou(turned.pixels, asTaken.pixels);
  assert.ok(iou > 0.6, `silhouette IoU with the photo as taken: ${iou.toFixed(2)}`);
  // Within 10°, the turns the model is trained to shrug off: the straightened sheet is a third
  // smaller than the frame, so the legs' outline (and the rectangle around it) is coarser.
  assert.ok(Math.abs(turned.pose.orientation - asTaken.pose.orientation - 30) <= 10, `orientation ${turned.pose.orientation}° turned, ${asTaken.pose.orientation}° as taken`);
});

test('a big convex garment touching the edges is not mistaken for a sheet', async () => {
  // The first bag in the test set, filling most of the frame, stays the bag.
  let index = 0;
  while (testGarment(index).label !== 8) index++;
  const seen = await preprocessFrame(await garmentFrame(index, { scale: 0.95, offset: [0, 0] }));
  assert.equal(seen.kind, 'garment');
  if (seen.kind === 'garment') assert.ok(silhouetteIou(seen.pixels, testGarment(index).pixels) > 0.6);
});

test('a photo turned 45°, meeting the frame at its corners only, is still taken for a sheet', async () => {
  // At 45° the turned photo touches the frame at four points, which at the working size leave
  // one edge or none in the mask: the striped T-shirt on its blanket was classified as the blanket.
  const photo = await sharp(readFileSync(join(process.cwd(), 'test', 'fixtures', 'real-photos', 'tshirt_top', 'cds_5.jpg'))).rotate().jpeg({ quality: 95 }).toBuffer();
  const asTaken = await preprocessFrame(photo);
  const turned = await preprocessFrame(await turnPhoto(photo, 45));
  assert.ok(asTaken.kind === 'garment' && turned.kind === 'garment');
  if (asTaken.kind !== 'garment' || turned.kind !== 'garment') return;
  // Measured: 0.96 with the sheet found; 0.80 when the turned blanket is taken for the garment.
  const iou = silhouetteIou(turned.pixels, asTaken.pixels);
  assert.ok(iou > 0.9, `silhouette IoU with the photo as taken: ${iou.toFixed(2)}`);
});

test('a plain rectangle at the tray\'s edge with nothing on it is the garment, not an empty sheet', async () => {
  // Sheet-shaped (convex, square, big, at an edge), but inside it there is nothing to find: a
  // big bag or a folded towel. It must come back as what lies on the tray, never as "empty".
  const tray = { r: 225, g: 220, b: 205 };
  const block = await sharp({ create: { width: 340, height: 260, channels: 3, background: { r: 60, g: 50, b: 45 } } }).png().toBuffer();
  const frame = await sharp({ create: { width: 640, height: 480, channels: 3, background: tray } })
    .composite([{ input: block, left: 0, top: 110 }]).jpeg({ quality: 90 }).toBuffer();
  const seen = await preprocessFrame(frame);
  assert.equal(seen.kind, 'garment');
  if (seen.kind === 'garment') assert.ok(seen.coverage > 0.2, `coverage ${seen.coverage.toFixed(2)}: the whole rectangle`);
});
