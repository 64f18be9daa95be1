// The colour of a garment: OKLab against published reference values, the groups at and around
// their edges, names, white balance under warm and cool light, mixed garments, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLOUR_GROUPS, DEFAULT_GROUP_THRESHOLDS as T, groupConfidence, groupOf } from '../../src/colour/colour-group.js';
import { colourName } from '../../src/colour/colour-name.js';
import { DEFAULT_COLOUR_OPTIONS, measureColour, MIN_PIXELS } from '../../src/colour/measure-colour.js';
import { LINEAR, linearToOklab, oklabToLinear, srgb8ToOklab, toSrgb8 } from '../../src/colour/oklab.js';
import { COOL, GREY_TRAY, scene, WARM, WHITE_LIGHT } from '../helpers/colour-scene.js';

const near = (x: number, y: number, tolerance: number, what: string) => assert.ok(Math.abs(x - y) <= tolerance, `${what}: ${x} vs ${y}`);

test('sRGB → OKLab matches the published values (Ottosson 2020; CSS Color 4)', () => {
  const cases: [number, number, number, number, number, number][] = [
    [255, 255, 255, 1, 0, 0],
    [255, 0, 0, 0.627955, 0.224863, 0.125846],
    [0, 255, 0, 0.86644, -0.233888, 0.179498],
    [0, 0, 255, 0.452014, -0.032457, -0.311528],
    [0, 0, 0, 0, 0, 0],
  ];
  for (const [r, g, b, L, A, B] of cases) {
    const c = srgb8ToOklab(r, g, b);
    near(c.L, L, 1e-4, `L of ${r},${g},${b}`);
    near(c.a, A, 1e-4, `a of ${r},${g},${b}`);
    near(c.b, B, 1e-4, `b of ${r},${g},${b}`);
  }
  for (let v = 0; v < 256; v += 17) assert.equal(toSrgb8(LINEAR[v]), v, 'the transfer curve round-trips');
  const back = oklabToLinear(linearToOklab(0.2, 0.5, 0.7));
  [0.2, 0.5, 0.7].forEach((v, i) => near(back[i], v, 1e-6, 'OKLab round-trips'));
});

test('groups follow their definitions in lightness and chroma, including at the edges', () => {
  assert.equal(groupOf(0.95, 0.01), 'white');
  assert.equal(groupOf(T.whiteLightness, T.whiteChroma), 'white', 'the edge belongs to white');
  assert.equal(groupOf(T.whiteLightness - 0.001, 0.01), 'light');
  assert.equal(groupOf(0.95, T.whiteChroma + 0.001), 'light', 'a tinted white is light');
  assert.equal(groupOf(0.8, T.lightChroma + 0.001), 'colour', 'a vivid light colour is a colour');
  assert.equal(groupOf(T.darkLightness - 0.001, 0.2), 'dark', 'deep colours wash with darks');
  assert.equal(groupOf(T.darkLightness, 0.2), 'colour');
  assert.equal(groupOf(0.55, 0.02), 'dark', 'a mid-dark grey');
  assert.equal(groupOf(0.65, 0.02), 'light', 'a mid-light grey');
  assert.ok(groupConfidence({ L: 0.97, a: 0, b: 0 }) > 0.5, 'clearly white');
  assert.equal(groupConfidence({ L: T.whiteLightness, a: 0, b: 0 }), 0, 'on the edge: no confidence');
  assert.deepEqual(COLOUR_GROUPS, ['white', 'light', 'dark', 'colour', 'mixed']);
});

test('the nearest basic colour term', () => {
  const name = (r: number, g: number, b: number) => colourName(srgb8ToOklab(r, g, b));
  assert.equal(name(250, 250, 250), 'white');
  assert.equal(name(10, 10, 12), 'black');
  assert.equal(name(120, 120, 120), 'grey');
  assert.equal(name(210, 20, 30), 'red');
  assert.equal(name(30, 60, 200), 'blue');
  assert.equal(name(50, 150, 60), 'green');
  assert.equal(name(250, 160, 190), 'pink');
  assert.equal(name(110, 70, 35), 'brown');
  assert.equal(name(250, 220, 20), 'yellow');
  assert.equal(name(245, 130, 10), 'orange');
  assert.equal(name(125, 40, 150), 'purple');
  // Clearly coloured, though far from every focal colour: never grey.
  assert.equal(name(76, 151, 128), 'green', 'a teal jacket');
  assert.equal(name(156, 222, 239), 'blue', 'a pale cyan dress');
  assert.equal(name(160, 156, 152), 'grey', 'a warm light grey');
});

test('white balance: the same garment under warm, white and cool light gets the same group', () => {
  const garments: [string, [number, number, number]][] = [['white', [240, 240, 238]], ['light', [200, 215, 235]], ['dark', [30, 35, 60]], ['colour', [40, 150, 70]]];
  for (const [wanted, rgb] of garments) {
    for (const light of [WARM, WHITE_LIGHT, COOL]) {
      const { img, mask, background } = scene(() => rgb, GREY_TRAY, light);
      const c = measureColour(img, mask, background);
      assert.equal(c.group, wanted, `${rgb} under ${light}: ${JSON.stringify(c)}`);
    }
  }
  // Without the correction, a white shirt under warm light would not be white.
  const { img, mask, background } = scene(() => [240, 240, 238], GREY_TRAY, WARM);
  assert.notEqual(measureColour(img, mask, background, { tray: 'coloured', thresholds: T, mixedShare: 0.25, mixedDistance: 0.25 }).group, 'white');
});

test('stripes of two strong colours in different loads are mixed; shading on one colour is not', () => {
  const stripes = scene((x) => (Math.floor(x / 4) % 2 ? [245, 245, 245] : [20, 25, 60]), GREY_TRAY, WHITE_LIGHT);
  const mixed = measureColour(stripes.img, stripes.mask, stripes.background);
  assert.equal(mixed.group, 'mixed', JSON.stringify(mixed));
  assert.ok('second' in mixed && mixed.second && mixed.second.share > 0.3);
  const shaded = scene((x) => (x < 32 ? [60, 120, 220] : [45, 90, 170]), GREY_TRAY, WHITE_LIGHT);
  assert.equal(measureColour(shaded.img, shaded.mask, shaded.background).group, 'colour', 'a blue garment half in shadow is one colour');
});

test('a dark garment with the tray showing through its open parts is dark; a second fabric is still mixed', () => {
  const LIGHT_TRAY: [number, number, number] = [228, 224, 216];
  const navy: [number, number, number] = [20, 25, 60];
  // Half the garment's columns let half the tray's light through (a mesh, a strap's gaps), mixed in linear light.
  const through = navy.map((v, c) => toSrgb8((LINEAR[v] + LINEAR[LIGHT_TRAY[c]]) / 2)) as [number, number, number];
  // Two columns in five: the fabric is still most of it (a garment mostly see-through is measured as what it mixes to).
  const mesh = scene((x) => (x % 5 < 2 ? through : navy), LIGHT_TRAY, WHITE_LIGHT);
  const c = measureColour(mesh.img, mesh.mask, mesh.background);
  assert.equal(c.group, 'dark', JSON.stringify(c));
  // Navy and a pale grey-blue: the grey-blue is lighter than navy and darker than the tray, but not their mixture.
  const stripes = scene((x) => (Math.floor(x / 4) % 2 ? [150, 165, 200] : navy), LIGHT_TRAY, WHITE_LIGHT);
  const mixed = measureColour(stripes.img, stripes.mask, stripes.background);
  assert.equal(mixed.group, 'mixed', JSON.stringify(mixed));
});

test('a print of small motifs over a third of a white garment is mixed, their blurred edges counting for the print; a logo-size print is not', () => {
  const navy: [number, number, number] = [20, 25, 60];
  const white: [number, number, number] = [242, 242, 240];
  // Round motifs in 6 px cells, drawn anti-aliased: a pixel on a motif's edge is the two fabrics mixed in linear light.
  const print = (radius: number) => (x: number, y: number): [number, number, number] => {
    const cover = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot((x % 6) - 2.5, (y % 6) - 2.5)));
    return white.map((v, c) => toSrgb8(LINEAR[navy[c]] * cover + LINEAR[v] * (1 - cover))) as [number, number, number];
  };
  const floral = scene(print(1.9), GREY_TRAY, WHITE_LIGHT); // π·1.9² / 36: a third of the fabric
  const c = measureColour(floral.img, floral.mask, floral.background);
  assert.equal(c.group, 'mixed', JSON.stringify(c));
  assert.ok('second' in c && c.second && c.second.share >= 0.25, `the print with its edges, about a third: ${JSON.stringify(c)}`);
  const logo = scene(print(0.9), GREY_TRAY, WHITE_LIGHT); // about 7%
  assert.equal(measureColour(logo.img, logo.mask, logo.background).group, 'white');
});

test('stripes on a dark tray stay mixed where seams let the tray through: the seams are a third cluster, not one of the stripes', () => {
  const DARK_TRAY: [number, number, number] = [48, 52, 60];
  // Pairs a two-cluster split merged into one colour, taking the seams for the second.
  const pairs: [number, number, number][][] = [[[228, 233, 241], [132, 217, 163]], [[236, 234, 86], [242, 238, 245]]];
  for (const [first, second] of pairs) {
    const seamed = scene((x, y) => {
      const fabric = Math.floor(x / 5) % 2 ? first : second;
      if (y % 7 !== 0) return fabric;
      // Every seventh row a seam: the fabric mixed with the tray's light in linear light, by a share varying along it.
      const share = 0.2 + (0.7 * ((x * 7) % 10)) / 10;
      return fabric.map((v, c) => toSrgb8(LINEAR[v] * share + LINEAR[DARK_TRAY[c]] * (1 - share))) as [number, number, number];
    }, DARK_TRAY, WHITE_LIGHT);
    const c = measureColour(seamed.img, seamed.mask, seamed.background);
    assert.equal(c.group, 'mixed', `${first} and ${second}: ${JSON.stringify(c)}`);
    assert.ok('second' in c && c.second && c.second.share > 0.4, `the two stripes, about half each: ${JSON.stringify(c)}`);
  }
});

test('a dark violet garment on a cream tray stays dark when its seams are blended in sRGB, as a camera\'s downscale blends them', () => {
  const CREAM_TRAY: [number, number, number] = [226, 220, 205];
  const violet: [number, number, number] = [57, 27, 181];
  // Every third row a seam: violet and tray averaged as 8-bit values, by a share varying along it.
  const seamed = scene((x, y) => {
    if (y % 3) return violet;
    const share = 0.1 + (0.8 * ((x * 7) % 10)) / 10;
    return violet.map((v, c) => Math.round(v * share + CREAM_TRAY[c] * (1 - share))) as [number, number, number];
  }, CREAM_TRAY, WHITE_LIGHT);
  const c = measureColour(seamed.img, seamed.mask, seamed.background);
  assert.equal(c.group, 'dark', JSON.stringify(c));
});

test('a white shirt on a white tray, nearly the tray\'s colour, is measured as white, not unknown', () => {
  // Every pixel is within the "tray showing through a hole" distance of the tray: the garment is the tray's colour.
  const { img, mask, background } = scene(() => [248, 248, 246], [240, 239, 236], WHITE_LIGHT);
  const c = measureColour(img, mask, background);
  assert.equal(c.group, 'white', JSON.stringify(c));
});

test('a white shirt with a logo on a cream tray is white: its tray-like fabric is measured, not taken for holes', () => {
  const CREAM_TRAY: [number, number, number] = [236, 232, 224];
  const navy: [number, number, number] = [20, 25, 60];
  // Most of the fabric is within the "tray through a hole" distance of the tray; a fold's shade
  // over the left third is not, and a navy logo of about 7% sits in the middle.
  const shirt = scene((x, y) => {
    if (Math.hypot(x - 34, y - 32) < 6) return navy;
    if (x < 24) return [214, 213, 212];
    return [242, 238, 232];
  }, CREAM_TRAY, WHITE_LIGHT);
  const c = measureColour(shirt.img, shirt.mask, shirt.background);
  // Measured without its tray-like part, the shade and the logo were all there was: grey and a 23% logo, `mixed`.
  assert.equal(c.group, 'white', JSON.stringify(c));
});

test('too small, overexposed, underexposed, or a "neutral" tray that is coloured: unknown, with the reason', () => {
  const tiny = scene(() => [200, 30, 30], GREY_TRAY, WHITE_LIGHT, 64, 27);
  const small = measureColour(tiny.img, tiny.mask, tiny.background);
  assert.equal(small.group, 'unknown');
  assert.match((small as { reason: string }).reason, new RegExp(`too small .* at least ${MIN_PIXELS}`));
  const blown = scene(() => [255, 255, 255], [255, 255, 255], WHITE_LIGHT);
  assert.match((measureColour(blown.img, blown.mask, blown.background) as { reason: string }).reason, /overexposed/);
  const night = scene(() => [30, 30, 30], [8, 8, 8], WHITE_LIGHT);
  assert.match((measureColour(night.img, night.mask, night.background) as { reason: string }).reason, /underexposed/);
  const red = scene(() => [240, 240, 240], [200, 30, 30], WHITE_LIGHT);
  const strict = measureColour(red.img, red.mask, red.background, { tray: 'neutral', thresholds: T, mixedShare: 0.25, mixedDistance: 0.25 });
  assert.match((strict as { reason: string }).reason, /the tray looks coloured .* but colour.tray says neutral/);
  assert.equal(measureColour(red.img, red.mask, red.background).group, 'white', 'auto: a red tray is left uncorrected, and a white shirt on it stays white');
});

test('a brown floor is not taken for a tinted light: a white shirt on it is not turned blue', () => {
  // The floor is dark and brown (chroma 0.056 at lightness 0.41): its own colour, not a lamp's.
  const wood = scene(() => [235, 235, 232], [96, 67, 41], WHITE_LIGHT);
  const c = measureColour(wood.img, wood.mask, wood.background);
  assert.equal(c.group, 'white', JSON.stringify(c));
  // A grey tray under a very warm lamp is still corrected.
  const lamp = scene(() => [235, 235, 232], GREY_TRAY, [1, 0.65, 0.35]);
  assert.equal(measureColour(lamp.img, lamp.mask, lamp.background).group, 'white');
});

test('an overshooting background model under the garment cannot turn a white shirt grey', () => {
  const { img, mask, background } = scene(() => [235, 235, 232], GREY_TRAY, WHITE_LIGHT);
  // As a border fit extrapolated inwards can: the "tray" under the garment twice as bright as around it.
  for (let p = 0; p < mask.length; p++) if (mask[p]) for (let c = 0; c < 3; c++) background[p * 3 + c] = toSrgb8(Math.min(1, LINEAR[GREY_TRAY[c]] * 2));
  const c = measureColour(img, mask, background);
  assert.notEqual(c.group, 'dark', JSON.stringify(c));
  assert.ok(c.group !== 'unknown' && srgb8ToOklab(...hexToRgb(c.rgb)).L > 0.8, `a white shirt reads light, not grey: ${JSON.stringify(c)}`);
});

const hexToRgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

test('a blue-grey slate\'s blue is its own, not the light\'s: a white shirt on it stays white', () => {
  // Neutral enough to be taken for grey (chroma 0.047 of its lightness), and bluer than any
  // lamp or daylight. Taken for the light's, its blue was taken out of every garment: before
  // this rule all six cases below read a white shirt as cream (`light`).
  const slate: [number, number, number] = [48, 52, 60];
  const calibratedTray = slate.map((v) => LINEAR[v]) as [number, number, number];
  for (const light of [WARM, WHITE_LIGHT, COOL]) {
    const { img, mask, background } = scene(() => [240, 240, 238], slate, light);
    const calibrated = measureColour(img, mask, background, { ...DEFAULT_COLOUR_OPTIONS, calibratedTray });
    assert.equal(calibrated.group, 'white', `calibrated under white light, now under ${light}: ${JSON.stringify(calibrated)}`);
    // Uncalibrated, a warm lamp's yellow and the slate's blue cancel and cannot be told apart (docs/colour.md).
    if (light !== WARM) assert.equal(measureColour(img, mask, background).group, 'white', `uncalibrated, under ${light}`);
  }
  // A grey tray under a warm lamp is still corrected: warm casts are the light's.
  const lamp = scene(() => [240, 240, 238], GREY_TRAY, WARM);
  assert.equal(measureColour(lamp.img, lamp.mask, lamp.background).group, 'white');
});

test('a cream tray calibrated under plain light keeps its tint as its own: a bluish white shirt stays white under any lamp; a lamp at calibration is still corrected', () => {
  // Chroma 2.4% of its lightness: too faint to be a lamp's cast worth correcting. Taken for the
  // light's, it was taken out of every garment, and a bluish white (optical brighteners) read `light`.
  const cream: [number, number, number] = [226, 220, 205];
  const bluishWhite: [number, number, number] = [232, 238, 250];
  const calibratedTray = cream.map((v) => LINEAR[v]) as [number, number, number];
  for (const light of [WARM, WHITE_LIGHT, COOL]) {
    const { img, mask, background } = scene(() => bluishWhite, cream, light);
    const c = measureColour(img, mask, background, { ...DEFAULT_COLOUR_OPTIONS, calibratedTray });
    assert.equal(c.group, 'white', `calibrated under white light, now under ${light}: ${JSON.stringify(c)}`);
  }
  // Calibrated under the warm lamp itself, a grey tray's cast is the lamp's, and corrected.
  const underLamp = GREY_TRAY.map((v, c) => LINEAR[v] * WARM[c]) as [number, number, number];
  const { img, mask, background } = scene(() => [240, 240, 238], GREY_TRAY, WARM);
  assert.equal(measureColour(img, mask, background, { ...DEFAULT_COLOUR_OPTIONS, calibratedTray: underLamp }).group, 'white');
});
