// The colour check: a sorter whose bins sort by colour without the tray's lightness declared
// (which alone tells the camera's exposure, calibrated or not) is warned; every other set-up is fine.
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

test('colour check: bins by colour without a declared tray lightness are warned, calibrated or not, naming the bins and the cure', () => {
  const never = colourCheck(config(LAUNDRY));
  assert.equal(never.status, 'warn');
  assert.match(never.detail, /^bins whites, darks sort by colour, but the tray was never calibrated and colour\.trayLightness is not set/);
  assert.match(never.detail, /white garments may read as light ones/);
  assert.match(never.hint ?? '', /^run `laundry-sorter calibrate` with the tray empty, then lay a sheet of white printer paper .*`laundry-sorter calibrate --paper`.*colour\.trayLightness/);
  const calibrated = colourCheck(config(LAUNDRY, 'preprocess: { reference: tray.png }'));
  assert.equal(calibrated.status, 'warn');
  assert.match(calibrated.detail, /^bins whites, darks sort by colour against the calibrated tray \(.*tray\.png\), but colour\.trayLightness is not set/);
  assert.match(calibrated.hint ?? '', /^lay a sheet of white printer paper on the calibrated tray and run `laundry-sorter calibrate --paper`/);
});

test('colour check: a declared tray lightness is enough, with or without a calibration, and class-only bins need neither', () => {
  const declared = colourCheck(config(LAUNDRY, 'colour: { trayLightness: 0.565 }'));
  assert.deepEqual([declared.status, declared.detail], ['ok', 'bins whites, darks sort by colour, with the tray\'s lightness declared (0.565)']);
  const both = colourCheck(config(LAUNDRY, 'colour: { trayLightness: 0.565 }\npreprocess: { reference: tray.png }'));
  assert.equal(both.status, 'ok');
  assert.match(both.detail, /declared \(0\.565\) and the tray calibrated \(.*tray\.png\)$/);
  const byClass = colourCheck(config('{ tops: [T-shirt/top] }'));
  assert.deepEqual([byClass.status, byClass.detail], ['ok', 'measured for every decision; no bin sorts by it']);
});
