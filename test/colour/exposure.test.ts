// A camera's automatic exposure makes any tray look mid-grey, and a garment's lightness moves
// with it: calibration cannot tell, since it records the tray as exposed. The tray's own
// lightness, declared in config, puts the garments back where they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_COLOUR_OPTIONS, measureColour } from '../../src/colour/measure-colour.js';
import { LINEAR, srgb8ToOklab } from '../../src/colour/oklab.js';
import { ConfigError, parseConfig } from '../../src/config/load-config.js';
import { GREY_TRAY, scene, type Rgb } from '../helpers/colour-scene.js';

const garments: [string, Rgb][] = [['white', [240, 240, 238]], ['light', [200, 215, 235]], ['dark', [30, 35, 60]], ['colour', [40, 150, 70]]];
const trayLightness = srgb8ToOklab(...GREY_TRAY).L;

test('under the exposure a camera chose, the declared tray lightness keeps every group; without it a white shirt reads light', () => {
  for (const exposure of [0.5, 0.7, 1]) {
    const light: Rgb = [exposure, exposure, exposure];
    // Calibrated as the camera showed the empty tray, under the same automatic exposure.
    const calibratedTray = GREY_TRAY.map((v) => LINEAR[v] * exposure) as Rgb;
    for (const [wanted, rgb] of garments) {
      const { img, mask, background } = scene(() => rgb, GREY_TRAY, light);
      const c = measureColour(img, mask, background, { ...DEFAULT_COLOUR_OPTIONS, calibratedTray, trayLightness });
      assert.equal(c.group, wanted, `${rgb} at exposure ${exposure}: ${JSON.stringify(c)}`);
    }
  }
  const { img, mask, background } = scene(() => [240, 240, 238], GREY_TRAY, [0.5, 0.5, 0.5]);
  const calibratedTray = GREY_TRAY.map((v) => LINEAR[v] * 0.5) as Rgb;
  assert.equal(measureColour(img, mask, background, { ...DEFAULT_COLOUR_OPTIONS, calibratedTray }).group, 'light', 'the exposure moved the white shirt');
});

test('the declared lightness works without a calibration, and on a coloured tray', () => {
  const green: Rgb = [120, 170, 120];
  const { img, mask, background } = scene(() => [240, 240, 238], green, [0.6, 0.6, 0.6]);
  const options = { ...DEFAULT_COLOUR_OPTIONS, tray: 'coloured' as const, trayLightness: srgb8ToOklab(...green).L };
  assert.equal(measureColour(img, mask, background, options).group, 'white');
  const grey = scene(() => [240, 240, 238], GREY_TRAY, [0.6, 0.6, 0.6]);
  assert.equal(measureColour(grey.img, grey.mask, grey.background, { ...DEFAULT_COLOUR_OPTIONS, trayLightness }).group, 'white');
});

const MINIMAL = `
camera: { kind: replay, folder: frames }
trigger: { kind: interval }
sorting: { rejectBin: reject, bins: { tops: [T-shirt/top] } }
gpio: { kind: simulated, pins: { tops: 17, reject: 5 } }
`;
const withTray = (lightness: number) => parseConfig(`${MINIMAL}colour: { trayLightness: ${lightness} }\n`, 'c.yaml', {});

test('config: a tray lightness out of range is one clear line', () => {
  for (const [bad, why] of [[0.1, /colour\.trayLightness.*lighter one/], [1.5, /colour\.trayLightness/]] as const) {
    assert.throws(() => withTray(bad), (err: unknown) => err instanceof ConfigError && err.problems.length === 1 && why.test(err.problems[0]), `trayLightness ${bad}`);
  }
  assert.equal(withTray(0.565).colour.trayLightness, 0.565);
});
