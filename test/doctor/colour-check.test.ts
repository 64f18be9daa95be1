// The colour check: a sorter whose bins sort by colour, with nothing that tells the camera's
// exposure (no calibrated tray, no declared tray lightness), is warned; every other set-up is fine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/load-config.js';
import { colourCheck } from '../../src/doctor/colour-check.js';

const config = (bins: string, extra = '') => parseConfig(`
camera: { kind: replay, folder: frames }
trigger: { kind: interval }
sorting: { rejectBin: reject, bins: ${bins} }
gpio: { kind: simulated, pins: { tops: 17, whites: 18, darks: 19, reject: 5 } }
${extra}`, 'config.yaml', {});

const LAUNDRY = '{ tops: [T-shirt/top], whites: { colours: [white, light] }, darks: { classes: [Trouser], colours: [dark] } }';

test('colour check: bins by colour without a calibration or a tray lightness are warned, naming the bins and both cures', () => {
  const c = colourCheck(config(LAUNDRY));
  assert.equal(c.status, 'warn');
  assert.match(c.detail, /^bins whites, darks sort by colour, but the tray was never calibrated and colour\.trayLightness is not set/);
  assert.match(c.detail, /white garments may read as light ones/);
  assert.match(c.hint ?? '', /laundry-sorter calibrate/);
  assert.match(c.hint ?? '', /colour\.trayLightness \(0\.565/);
});

test('colour check: a calibrated tray or a declared tray lightness is enough, and class-only bins need neither', () => {
  const calibrated = colourCheck(config(LAUNDRY, 'preprocess: { reference: tray.png }'));
  assert.equal(calibrated.status, 'ok');
  assert.match(calibrated.detail, /against the calibrated tray .*tray\.png/);
  const declared = colourCheck(config(LAUNDRY, 'colour: { trayLightness: 0.565 }'));
  assert.equal(declared.status, 'ok');
  assert.match(declared.detail, /tray's lightness declared \(0\.565\)/);
  const byClass = colourCheck(config('{ tops: [T-shirt/top] }'));
  assert.deepEqual([byClass.status, byClass.detail], ['ok', 'measured for every decision; no bin sorts by it']);
});
