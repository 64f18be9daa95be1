// What `calibrate` tells a user about their tray, from the same thresholds the colour
// measurement applies to every garment afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLOUR_OPTIONS, measureColour } from '../../src/colour/measure-colour.js';
import { judgeTray } from '../../src/colour/judge-tray.js';
import type { RgbImage } from '../../src/preprocess/frame.js';

const plain = (rgb: [number, number, number], size = 16): RgbImage => ({ width: size, height: size, data: Uint8Array.from({ length: size * size * 3 }, (_, i) => rgb[i % 3]) });

test('each kind of tray gets its verdict, and the advice a user can act on', () => {
  assert.equal(judgeTray(plain([128, 128, 130]), 'auto').kind, 'grey');
  assert.match(judgeTray(plain([128, 128, 130]), 'auto').line, /#808082 .*good for measuring colour; now measure its own lightness: lay a sheet of white printer paper on it and run `laundry-sorter calibrate --paper`/);
  // Declared: what the scaling will be; a card read at 0.60 declared as 0.565 is scaled ×0.84.
  assert.match(judgeTray(plain([128, 128, 130]), 'auto', 0.565).line, /its own lightness is 0\.565 \(colour\.trayLightness\), so frames are scaled ×0\.8\d in light$/);
  assert.match(judgeTray(plain([128, 128, 130]), 'auto', 0.95).line, /scaled ×3\.\d+ in light: check the value, or fix the camera's exposure/);
  const light = judgeTray(plain([236, 232, 224]), 'auto');
  assert.equal(light.kind, 'light');
  assert.match(light.line, /white garments may not stand out .* mid-grey tray/);
  const slate = judgeTray(plain([48, 52, 60]), 'auto');
  assert.equal(slate.kind, 'tinted');
  assert.match(slate.line, /set colour\.tray: coloured; either way, measure its lightness .*`laundry-sorter calibrate --paper`$/);
  assert.doesNotMatch(judgeTray(plain([48, 52, 60]), 'auto', 0.32).line, /--paper/, 'a declared lightness is not asked for again');
  assert.equal(judgeTray(plain([48, 52, 60]), 'coloured').kind, 'grey', 'a tint the config already declares is not reported again');
  assert.equal(judgeTray(plain([200, 30, 30]), 'auto').kind, 'coloured');
  assert.match(judgeTray(plain([200, 30, 30]), 'neutral').line, /colour\.tray says neutral, so every colour will be unknown/);
  assert.match(judgeTray(plain([20, 20, 20]), 'auto').line, /too dark/);
});

test('a tray called coloured or too dark at calibration is one the measurement refuses or leaves uncorrected', () => {
  // The verdicts agree with measureColour: a white square on each tray.
  const scene = (tray: [number, number, number]) => {
    const size = 48;
    const img = plain(tray, size);
    const mask = new Uint8Array(size * size);
    const background = Float32Array.from(img.data);
    for (let y = 12; y < 36; y++) for (let x = 12; x < 36; x++) { mask[y * size + x] = 1; img.data.set([240, 240, 238], (y * size + x) * 3); }
    return measureColour(img, mask, background, { ...DEFAULT_COLOUR_OPTIONS, tray: 'neutral' });
  };
  assert.equal(judgeTray(plain([200, 30, 30]), 'neutral').kind, 'coloured');
  assert.equal(scene([200, 30, 30]).group, 'unknown');
  assert.equal(judgeTray(plain([20, 20, 20]), 'neutral').kind, 'dark');
  assert.equal(scene([20, 20, 20]).group, 'unknown');
  assert.equal(judgeTray(plain([128, 128, 130]), 'neutral').kind, 'grey');
  assert.equal(scene([128, 128, 130]).group, 'white');
});
