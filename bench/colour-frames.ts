// Child process: colour groups on rendered frames of known colour. Test-set garments are drawn
// in a fabric colour chosen well inside one group (or two colours in broad stripes, a print
// over 30–45% of it, or a fine check, for mixed; a quarter of the others carry a small print of 4–10%),
// on light or mid-grey trays, under white, warm or cool light with fall-off and noise, then put
// through the sorter's own preprocessing. The truth is the group of the fabric's own colour.
// With EXPOSURE `auto`, each frame is exposed as a camera's automatic exposure might (0.5–1 of
// the light, the empty tray calibrated at the same exposure), and with TRAY_LIGHTNESS `declared`
// the config states the tray's own lightness (colour.trayLightness); with `paper`, the lightness
// `calibrate --paper` measures against a sheet of office paper (its own lightness 0.93–0.97,
// the code assuming 0.95) rendered on the tray under the same light.
// CALIBRATION: `even` (the default), the empty tray calibrated once under plain, even light at
// the frame's exposure; `frame`, calibrated as `laundry-sorter calibrate` does, from the empty
// tray under the same light as the garment (its fall-off too), which is also the per-pixel
// background; `none`, never calibrated (the border model is all there is).
// Usage: node colour-frames.js COUNT SEED FIRST_TEST_IMAGE [grey|light|dark] [fixed|auto] [unknown|declared|declared±ERROR|paper] [even|frame|none] [fixed|grey-world]
import { PIXELS } from '../src/dataset/classes.js';
import { loadFashionMnist } from '../src/dataset/fashion-mnist.js';
import { COLOUR_GROUPS, groupConfidence, groupOf, loadOf, type ColourGroup, type SingleGroup } from '../src/colour/colour-group.js';
import sharp from 'sharp';
import { chroma, LINEAR, srgb8ToOklab, toSrgb8 } from '../src/colour/oklab.js';
import { colourDifference, DEFAULT_COLOUR_OPTIONS } from '../src/colour/measure-colour.js';
import { meanLinear } from '../src/colour/colour-config.js';
import { decodeFrame, type RgbImage } from '../src/preprocess/frame.js';
import { preprocessFrame } from '../src/preprocess/preprocess.js';
import { randomDemoStyle, renderFrame, type FrameStyle, type Print } from '../src/synthetic/render-frame.js';
import { trayLightnessFromPaper } from '../src/colour/paper-lightness.js';
import { Random } from '../src/training/random.js';
import { median } from './measure.js';
import { paperLevel, sheetPixels } from '../test/helpers/paper-sheet.js';

const [countText, seedText, firstText] = process.argv.slice(2);
const count = Number(countText);
const rng = new Random(Number(seedText));
const first = Number(firstText);
const data = await loadFashionMnist({ log: () => {} });

type Rgb = [number, number, number];
const LIGHTS: Record<string, Rgb> = { white: [1, 1, 1], warm: [1, 0.8, 0.55], cool: [0.8, 0.9, 1] };
// The trays docs/colour.md recommends: neutral greys dark enough for white garments to show
// and light enough for black ones. Light trays are run as a second set: white garments on them
// can vanish into the tray, which is segmentation's limit, reported as it is. Dark trays are
// the third (issue 24 asks for dark garments on dark trays): charcoal, dark grey, and a slate
// with a slight blue tint, which the neutral-tray correction takes for the light's.
const TRAY_SETS: Record<string, Rgb[]> = {
  grey: [[150, 150, 155], [120, 122, 125], [175, 175, 178]],
  light: [[226, 220, 205], [210, 214, 220], [236, 232, 224]],
  dark: [[62, 60, 58], [48, 52, 60], [80, 78, 80]],
};
const TRAYS = TRAY_SETS[process.argv[5] ?? 'grey'];
const AUTO_EXPOSURE = process.argv[6] === 'auto';
// `declared+0.03`, `declared-0.05`: the lightness a user got wrong by that much.
const DECLARED = process.argv[7]?.startsWith('declared') ?? false;
const DECLARED_ERROR = DECLARED ? Number(process.argv[7].slice('declared'.length) || 0) : 0;
const PAPER = process.argv[7] === 'paper';
const CALIBRATION = process.argv[8] ?? 'even';
// WHITE_BALANCE `grey-world`: the camera balances each frame itself, so that the frame's mean is
// grey (the crudest automatic white balance: a large coloured garment pulls the whole frame,
// tray included, towards its opposite); `fixed` (the default): fixed gains, as docs/colour.md advises.
const GREY_WORLD = process.argv[9] === 'grey-world';

/** The frame as the camera delivers it: unchanged, or balanced to a grey mean. */
async function camera(jpeg: Buffer): Promise<Buffer> {
  if (!GREY_WORLD) return jpeg;
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const mean = meanLinear({ width: info.width, height: info.height, data });
  const grey = (mean[0] + mean[1] + mean[2]) / 3;
  const gains = mean.map((m) => grey / m);
  for (let p = 0; p < data.length; p += 3) for (let c = 0; c < 3; c++) data[p + c] = toSrgb8(LINEAR[data[p + c]] * gains[c]);
  return sharp(data, { raw: { width: info.width, height: info.height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

/** A fabric colour whose group is `group`, at least `margin` of confidence from its edges. */
function fabricOf(group: SingleGroup): Rgb {
  for (;;) {
    const rgb: Rgb = [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)];
    const lab = srgb8ToOklab(...rgb);
    if (groupOf(lab.L, chroma(lab)) === group && groupConfidence(lab) >= 0.3) return rgb;
  }
}

const SHEET = sheetPixels();
const paperFailures: string[] = [];
/** The tray's lightness as `calibrate --paper` measures it, on a sheet rendered under the frame's light; undefined when it cannot. */
async function paperMeasure(style: FrameStyle, empty: RgbImage, seed: number): Promise<number | undefined> {
  // Its own generator: the frames stay the same as in the other modes, for a like-for-like comparison.
  const level = paperLevel(0.93 + new Random(seed).next() * 0.04);
  const withPaper = await renderFrame(SHEET, { ...style, colour: { fabric: [level, level, level], light: style.colour!.light } }, seed + 7);
  const r = trayLightnessFromPaper(empty, await decodeFrame(new Uint8Array(await camera(withPaper))));
  // A user who is told the tray is as light as paper declares what the message says.
  if ('error' in r) { paperFailures.push(r.error); return r.suggested; }
  return r.lightness;
}

const singles: SingleGroup[] = ['white', 'light', 'dark', 'colour'];
/** A single group whose garments go in another load than `a`'s. */
function otherLoad(a: SingleGroup): SingleGroup {
  let b = singles[rng.int(0, 3)];
  while (loadOf(b) === loadOf(a)) b = singles[rng.int(0, 3)];
  return b;
}
const rows: { truth: ColourGroup; got: string; light: string; tray: string; fabric: string; pattern: string; measured: string }[] = [];
const times: number[] = [];
for (let i = 0; i < count; i++) {
  const truth = COLOUR_GROUPS[rng.int(0, COLOUR_GROUPS.length - 1)];
  let fabric: Rgb;
  let second: Rgb | undefined;
  let pattern: { stripe: number } | { print: Print } | { check: number } | undefined;
  if (truth === 'mixed') {
    // Two strong colours: as far apart as mixedDistance and half as much again, the margin
    // the single colours keep from their groups' edges.
    const a = singles[rng.int(0, 3)];
    fabric = fabricOf(a);
    do second = fabricOf(otherLoad(a)); while (colourDifference(srgb8ToOklab(...fabric), srgb8ToOklab(...second)) < 1.5 * DEFAULT_COLOUR_OPTIONS.mixedDistance);
    // A third in broad stripes, a third in a print over 30–45% of the fabric, a third in a
    // gingham-like check of squares 5–10 px (one or two at the 128 px working size): all
    // clearly `mixed` to the eye.
    const kind = rng.next() * 3;
    pattern = kind < 1 ? { stripe: rng.int(24, 48) } : kind < 2 ? { print: { share: 0.3 + rng.next() * 0.15, cell: rng.int(20, 40) } } : { check: rng.int(5, 10) };
  } else {
    fabric = fabricOf(truth);
    // A quarter carry a small print (4–10% of the fabric) in another load's colour, which
    // leaves the garment in its fabric's load: a white tee with a logo is still white.
    if (rng.next() < 0.25) {
      second = fabricOf(otherLoad(truth));
      pattern = { print: { share: 0.04 + rng.next() * 0.06, cell: rng.int(20, 40) } };
    }
  }
  const lightName = Object.keys(LIGHTS)[rng.int(0, 2)];
  const style = randomDemoStyle(rng);
  // Mid-grey trays for the garments a light tray would show best: dark garments on darker trays too.
  style.tray = TRAYS[rng.int(0, TRAYS.length - 1)];
  const exposure = AUTO_EXPOSURE ? 0.5 + rng.next() * 0.5 : 1;
  style.colour = { fabric, ...(second ? { second, ...pattern } : {}), light: LIGHTS[lightName].map((v) => v * exposure) as Rgb };
  const index = first + i;
  const frame = await camera(await renderFrame(data.test.images.subarray(index * PIXELS, (index + 1) * PIXELS), style, Number(seedText) * 100_000 + i));
  // As a user would have it: the empty tray calibrated once under plain, even light.
  const calibratedTray = style.tray.map((v) => LINEAR[v] * exposure) as Rgb;
  const frameSeed = Number(seedText) * 100_000 + i;
  const emptyTray = CALIBRATION === 'frame' || PAPER ? await decodeFrame(new Uint8Array(await camera(await renderFrame(new Uint8Array(PIXELS), style, frameSeed)))) : undefined;
  const trayLightness = DECLARED ? srgb8ToOklab(...style.tray).L + DECLARED_ERROR : PAPER ? await paperMeasure(style, emptyTray!, frameSeed) : undefined;
  const reference = CALIBRATION === 'frame' ? emptyTray : undefined;
  const t0 = performance.now();
  const calibration = CALIBRATION === 'even' ? { calibratedTray } : reference ? { calibratedTray: meanLinear(reference) } : {};
  const seen = await preprocessFrame(new Uint8Array(frame), { ...(reference ? { reference } : {}), colour: { ...DEFAULT_COLOUR_OPTIONS, ...calibration, ...(trayLightness ? { trayLightness } : {}) } });
  times.push(performance.now() - t0);
  const got = seen.kind === 'empty' ? 'empty' : seen.colour?.group ?? 'off';
  const c = seen.kind === 'garment' ? seen.colour : undefined;
  const measured = !c ? '' : c.group === 'unknown' ? c.reason : `${c.rgb}${'second' in c && c.second ? ` + ${c.second.rgb} (${c.second.share})` : ''}`;
  rows.push({ truth, got, light: lightName, tray: style.tray.join(','), fabric: [fabric, second].filter(Boolean).map((f) => `#${f!.map((v) => v.toString(16).padStart(2, '0')).join('')}`).join(' + '), pattern: !pattern ? 'plain' : 'stripe' in pattern ? 'stripes' : 'check' in pattern ? `check ${pattern.check} px` : `print ${Math.round(pattern.print.share * 100)}%`, measured });
}
const groups = [...COLOUR_GROUPS, 'unknown', 'empty'];
const confusion = Object.fromEntries(COLOUR_GROUPS.map((g) => [g, Object.fromEntries(groups.map((h) => [h, rows.filter((r) => r.truth === g && r.got === h).length]))]));
const byLight = Object.fromEntries(Object.keys(LIGHTS).map((l) => {
  const those = rows.filter((r) => r.light === l);
  return [l, those.filter((r) => r.truth === r.got).length / Math.max(1, those.length)];
}));
// Garments in a fine check are measured twice (the second time on a sharper decode of their box).
const checkTimes = times.filter((_, i) => rows[i].pattern.startsWith('check'));
process.stdout.write(JSON.stringify({ frames: count, accuracy: rows.filter((r) => r.truth === r.got).length / count, byLight, confusion, preprocessMedianMs: median(times), fineCheckMedianMs: checkTimes.length ? median(checkTimes) : null, ...(PAPER ? { paperFailures } : {}), mistakes: rows.filter((r) => r.truth !== r.got).slice(0, 30) }));
