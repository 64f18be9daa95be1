// A wooden floor as the tray: its planks' shades are learnt from the border and are not the
// garment, while a plain tray has no texture and a garment in the tray's own shade is kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estimateBackground } from '../../src/preprocess/background.js';
import type { RgbImage } from '../../src/preprocess/frame.js';
import { preprocessImage } from '../../src/preprocess/preprocess.js';
import { segment } from '../../src/preprocess/segment.js';
import { trayTextures } from '../../src/preprocess/tray-texture.js';
import { Random } from '../../src/training/random.js';

type Rgb = [number, number, number];
const [W, H] = [128, 96];
/** An oval garment: a rectangle would be taken for a sheet on the tray (nested-tray.ts). */
const inGarment = (x: number, y: number) => ((x - 64) / 26) ** 2 + ((y - 48) / 34) ** 2 <= 1;
/** Oak planks, diagonal, 12 px wide, in three shades (as far apart as the real photos' floors) with a darker seam between them. */
const PLANKS: Rgb[] = [[196, 168, 138], [176, 148, 118], [212, 186, 156]];
const SEAM: Rgb = [140, 115, 90];

function floor(garment: Rgb | undefined): RgbImage {
  const rng = new Random(3);
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const across = x + y; // diagonal planks
    const colour = garment && inGarment(x, y) ? garment : across % 12 === 0 ? SEAM : PLANKS[Math.floor(across / 12) % 3];
    for (let c = 0; c < 3; c++) data[(y * W + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(colour[c] + (rng.next() - 0.5) * 4)));
  }
  return { width: W, height: H, data };
}

let truth = 0;
for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (inGarment(x, y)) truth++;
/** Share of the mask that is the garment, and share of the garment in the mask. */
function overlap(mask: Uint8Array): { precision: number; recall: number } {
  let hit = 0;
  let all = 0;
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    all += mask[y * W + x];
    if (inGarment(x, y)) hit += mask[y * W + x];
  }
  return { precision: hit / Math.max(1, all), recall: hit / truth };
}

test('on wooden planks the planks are tray: the mask is the garment alone', () => {
  const img = floor([150, 210, 190]); // a mint dress
  const background = estimateBackground(img);
  const textures = trayTextures(img, background);
  assert.ok(textures && textures.length >= 9, 'the floor has a texture of a few shades');
  const plain = overlap(segment(img, background)!.mask);
  const textured = overlap(segment(img, background, textures)!.mask);
  assert.ok(plain.precision < 0.8, `without the shades, planks join the mask (precision ${plain.precision.toFixed(2)})`);
  assert.ok(textured.precision > 0.9 && textured.recall > 0.9, `with them: precision ${textured.precision.toFixed(2)}, recall ${textured.recall.toFixed(2)}`);
  const seen = preprocessImage(img);
  assert.equal(seen.kind, 'garment');
  assert.ok(seen.kind === 'garment' && Math.abs(seen.coverage * W * H - truth) < 0.1 * truth, 'preprocessing uses the textured mask');
  assert.ok(seen.kind === 'garment' && seen.trayShades === textures.length / 3, 'and says so (`preprocess` prints it)');
});

test('a plain tray has no texture', () => {
  const rng = new Random(4);
  const data = Uint8Array.from({ length: W * H * 3 }, (_, i) => 200 - Math.floor((i / 3) % W / 8) + Math.round((rng.next() - 0.5) * 6));
  const img: RgbImage = { width: W, height: H, data };
  assert.equal(trayTextures(img, estimateBackground(img)), undefined);
});

test('a garment in one of the floor\'s own shades is not taken away with the planks', () => {
  const img = floor(PLANKS[1]);
  const seen = preprocessImage(img);
  assert.equal(seen.kind, 'garment');
  assert.ok(seen.kind === 'garment' && seen.coverage * W * H > 0.8 * truth, `coverage ${seen.kind === 'garment' ? seen.coverage : 0}`);
  assert.ok(seen.kind === 'garment' && seen.trayShades === undefined, 'the plain mask stood');
});
