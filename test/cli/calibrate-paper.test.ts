// `calibrate --paper` as a user runs it: calibrate the empty tray, lay a sheet of paper on it,
// measure; the camera is a replay of rendered frames (a grey tray under a slightly warm lamp).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { srgb8ToOklab } from '../../src/colour/oklab.js';
import { IMAGE_SIZE } from '../../src/dataset/classes.js';
import { randomDemoStyle, renderFrame } from '../../src/synthetic/render-frame.js';
import { Random } from '../../src/training/random.js';
import { runCli } from '../helpers/cli.js';
import { paperLevel, sheetPixels } from '../helpers/paper-sheet.js';
import { tempDir } from '../helpers/temp-dir.js';

const work = tempDir();
const TRAY: [number, number, number] = [130, 130, 134];
const paper = paperLevel(0.95);

/** The tray under the lamp, with a sheet or empty; `seed` draws the sensor's noise. */
async function frame(withPaper: boolean, seed = withPaper ? 2 : 1): Promise<Buffer> {
  const style = randomDemoStyle(new Random(3));
  style.tray = TRAY;
  style.colour = { fabric: [paper, paper, paper], light: [0.95, 0.9, 0.85] };
  return renderFrame(withPaper ? sheetPixels() : new Uint8Array(IMAGE_SIZE * IMAGE_SIZE), style, seed);
}

/** A config whose replay camera shows `image`, with the reference frame at `reference`. */
function configShowing(name: string, image: Buffer, reference: string): string {
  const folder = join(work, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  writeFileSync(join(folder, 'frame.jpg'), image);
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, [
    `camera: { kind: replay, folder: ${folder} }`, 'trigger: { kind: interval }',
    'sorting: { rejectBin: r, bins: { t: [Trouser] } }', 'gpio: { kind: simulated, pins: { t: 17, r: 5 } }',
    `preprocess: { reference: ${reference} }`,
  ].join('\n'));
  return file;
}

test('`calibrate` then `calibrate --paper` prints the tray\'s own lightness and the config line to set', async () => {
  const reference = join(work, 'reference.jpg');
  const calibrated = await runCli(['calibrate', '--config', configShowing('empty', await frame(false), reference)]);
  assert.equal(calibrated.code, 0, calibrated.stderr);
  assert.match(calibrated.stderr, /lay a sheet of white printer paper on it and run `laundry-sorter calibrate --paper`/, 'calibration points to --paper');
  const measured = await runCli(['calibrate', '--paper', '--config', configShowing('paper', await frame(true), reference)]);
  assert.equal(measured.code, 0, measured.stderr);
  const value = /the tray's own lightness is (0\.\d\d), measured against the paper/.exec(measured.stderr);
  assert.ok(value, measured.stderr);
  assert.ok(Math.abs(Number(value[1]) - srgb8ToOklab(...TRAY).L) <= 0.02, `measured ${value[1]}, truly ${srgb8ToOklab(...TRAY).L.toFixed(3)}`);
  assert.match(measured.stderr, new RegExp(`set  colour: \\{ trayLightness: ${value[1]} \\}  in .*paper\\.yaml`));
});

test('`calibrate --paper` before any calibration, or with no paper on the tray, says what to do in one line', async () => {
  const missing = await runCli(['calibrate', '--paper', '--config', configShowing('early', await frame(true), join(work, 'none.jpg'))]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no reference frame at .*none\.jpg to compare the paper with.*run `laundry-sorter calibrate` first/s);
  const reference = join(work, 'reference-2.jpg');
  assert.equal((await runCli(['calibrate', '--config', configShowing('empty-2', await frame(false), reference)])).code, 0);
  const noPaper = await runCli(['calibrate', '--paper', '--config', configShowing('still-empty', await frame(false, 5), reference)]);
  assert.equal(noPaper.code, 1);
  assert.match(noPaper.stderr, /found no sheet clearly lighter than the tray/);
  assert.equal(noPaper.stderr.trim().split('\n').length <= 2, true, noPaper.stderr);
});
