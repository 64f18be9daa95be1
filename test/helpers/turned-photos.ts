// The real photos in test/fixtures, upright by their EXIF, as taken and turned, through the
// sorter's preprocessing: what the pose tests compare.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { quarterTurnViews, viewAt } from '../../src/pose/views.js';
import { preprocessFrame, type Preprocessed } from '../../src/preprocess/preprocess.js';
import { turnPhoto } from '../../src/synthetic/turned-photo.js';
import { silhouetteIou } from './frames.js';

type Garment = Extract<Preprocessed, { kind: 'garment' }>;

/** A photo of test/fixtures/real-photos ("shirt/cds_1.jpg"), upright by its EXIF, as a JPEG. */
export async function uprightRealPhoto(file: string): Promise<Buffer> {
  return sharp(readFileSync(join(process.cwd(), 'test', 'fixtures', 'real-photos', file))).rotate().jpeg({ quality: 95 }).toBuffer();
}

/** A real photo preprocessed as taken and turned `angle`° on a fill of its own border colour; both must hold a garment. */
export async function asTakenAndTurned(file: string, angle: number): Promise<{ asTaken: Garment; turned: Garment }> {
  const photo = await uprightRealPhoto(file);
  const [asTaken, turned] = [await preprocessFrame(photo), await preprocessFrame(await turnPhoto(photo, angle))];
  assert.ok(asTaken.kind === 'garment' && turned.kind === 'garment', `${file}: a garment both ways`);
  return { asTaken, turned } as { asTaken: Garment; turned: Garment };
}

/** Silhouette IoU of `turned` with the best quarter turn of `asTaken`: which side is up is the classifier's to settle. */
export function bestTurnIou(turned: Uint8Array, asTaken: Uint8Array): number {
  const views = quarterTurnViews(asTaken);
  return Math.max(...[0, 1, 2, 3].map((v) => silhouetteIou(turned, viewAt(views, v))));
}
