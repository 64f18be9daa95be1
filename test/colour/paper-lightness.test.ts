// `calibrate --paper`: the tray's own lightness, measured against a sheet of white printer paper
// in rendered camera frames (JPEG, the sorter's own decoding), under warm and white lamps with
// fall-off, and when the camera re-exposes for the paper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PAPER_LIGHTNESS, trayLightnessFromPaper } from '../../src/colour/paper-lightness.js';
import { srgb8ToOklab } from '../../src/colour/oklab.js';
import { IMAGE_SIZE } from '../../src/dataset/classes.js';
import { decodeFrame, type RgbImage } from '../../src/preprocess/frame.js';
import { randomDemoStyle, renderFrame } from '../../src/synthetic/render-frame.js';
import { Random } from '../../src/training/random.js';
import { paperLevel, sheetPixels } from '../helpers/paper-sheet.js';

type Rgb = [number, number, number];
const PAPER_LEVEL = paperLevel(PAPER_LIGHTNESS);
const PAPER: Rgb = [PAPER_LEVEL, PAPER_LEVEL, PAPER_LEVEL];

/**
 * The empty tray and the tray with the paper (or, without `withSheet`, empty again with the
 * sensor's noise of another moment), under one lamp; `reExposed` scales the second frame's light,
 * and a `huge` sheet fills most of the view.
 */
async function frames(tray: Rgb, light: Rgb, seed: number, reExposed = 1, withSheet = true, huge = false): Promise<[RgbImage, RgbImage]> {
  const style = randomDemoStyle(new Random(seed));
  style.tray = tray;
  style.angle = 10;
  style.scale = huge ? 1.3 : 0.5;
  style.colour = { fabric: PAPER, light };
  const empty = await renderFrame(new Uint8Array(IMAGE_SIZE * IMAGE_SIZE), style, seed);
  style.colour = { fabric: PAPER, light: light.map((v) => v * reExposed) as Rgb };
  const withPaper = await renderFrame(withSheet ? sheetPixels(huge) : new Uint8Array(IMAGE_SIZE * IMAGE_SIZE), style, seed + 1);
  return [await decodeFrame(new Uint8Array(empty)), await decodeFrame(new Uint8Array(withPaper))];
}

const TRAYS: Rgb[] = [[150, 150, 155], [120, 122, 125], [62, 60, 58], [210, 214, 220]];
const LAMPS: Record<string, Rgb> = { white: [0.8, 0.8, 0.8], warm: [0.9, 0.72, 0.5] };

test('a sheet of paper tells the tray\'s own lightness within 0.02, whatever the lamp and its fall-off', async () => {
  let seed = 1;
  for (const tray of TRAYS) {
    for (const [lamp, light] of Object.entries(LAMPS)) {
      const r = trayLightnessFromPaper(...(await frames(tray, light, seed++)));
      assert.ok(!('error' in r), `${tray} under ${lamp}: ${JSON.stringify(r)}`);
      const truth = srgb8ToOklab(...tray).L;
      assert.ok(Math.abs(r.lightness - truth) <= 0.02, `${tray} under ${lamp}: measured ${r.lightness}, truly ${truth.toFixed(3)}`);
    }
  }
});

test('a camera that exposed the frame with the paper darker still gives the tray\'s lightness', async () => {
  const tray: Rgb = [150, 150, 155];
  const r = trayLightnessFromPaper(...(await frames(tray, [0.9, 0.9, 0.9], 7, 0.75)));
  assert.ok(!('error' in r), JSON.stringify(r));
  assert.ok(Math.abs(r.lightness - srgb8ToOklab(...tray).L) <= 0.02, `measured ${r.lightness}`);
});

test('bad paper frames are one clear line: no sheet, a white tray, overexposed paper, a sheet filling the view, another camera', async () => {
  const [empty, again] = await frames([150, 150, 155], [0.8, 0.8, 0.8], 11, 1, false);
  const none = trayLightnessFromPaper(empty, again);
  assert.ok('error' in none && /found no sheet.*lay a sheet of white printer paper/.test(none.error), JSON.stringify(none));
  const white = trayLightnessFromPaper(...(await frames([238, 238, 238], [1, 1, 1], 13)));
  assert.ok('error' in white && /tray is itself white, set colour\.trayLightness: 0\.95/.test(white.error), JSON.stringify(white));
  assert.equal('error' in white && white.suggested, PAPER_LIGHTNESS, 'the lightness it advises is paper\'s');
  assert.equal('error' in none && none.suggested, PAPER_LIGHTNESS);
  const bright = trayLightnessFromPaper(...(await frames([150, 150, 155], [1.4, 1.4, 1.4], 14)));
  assert.ok('error' in bright && /the paper is overexposed \(\d+% of it/.test(bright.error), JSON.stringify(bright));
  // A sheet 1.3 times the frame's height (turned 10°): it fills over 80% of the view.
  const [tray, full] = await frames([150, 150, 155], [0.8, 0.8, 0.8], 15, 1, true, true);
  const huge = trayLightnessFromPaper(tray, full);
  assert.ok('error' in huge && /the sheet covers more than half the view.*use a smaller sheet/.test(huge.error), JSON.stringify(huge));
  const other: RgbImage = { width: empty.width / 2, height: empty.height / 2, data: new Uint8Array((empty.width * empty.height * 3) / 4) };
  const sized = trayLightnessFromPaper(empty, other);
  assert.ok('error' in sized && /calibrate the empty tray again/.test(sized.error), JSON.stringify(sized));
});
