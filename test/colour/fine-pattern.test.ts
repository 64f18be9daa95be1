// Patterns finer than the 128 px working image (gingham checks): told apart from plain fabric
// by their pixel-to-pixel texture, and measured as `mixed` on a sharper decode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasFinePattern } from '../../src/colour/fine-pattern.js';
import { preprocessFrame, preprocessImage } from '../../src/preprocess/preprocess.js';
import { garmentFrame } from '../helpers/frames.js';

const SIZE = 64;
const RED: [number, number, number] = [200, 40, 50];
const WHITE: [number, number, number] = [240, 238, 232];

/** A SIZE × SIZE image whose every pixel is `colourAt(x, y)`, and a mask of all of it but the border. */
function image(colourAt: (x: number, y: number) => [number, number, number]): { data: Uint8Array; core: Uint8Array } {
  const data = new Uint8Array(SIZE * SIZE * 3);
  const core = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      data.set(colourAt(x, y), (y * SIZE + x) * 3);
      core[y * SIZE + x] = x > 0 && y > 0 && x < SIZE - 1 && y < SIZE - 1 ? 1 : 0;
    }
  }
  return { data, core };
}
const blend = (a: number[], b: number[], t: number) => a.map((v, c) => Math.round(v * (1 - t) + b[c] * t)) as [number, number, number];
let seed = 7;
const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 4;

test('a check a pixel or two across is a fine pattern; plain shaded fabric and broad stripes are not', () => {
  // Squares 1.5 px across on average, half blurred into each other as a downscale does.
  const check = image((x, y) => blend(RED, WHITE, (Math.floor(x / 1.5) + Math.floor(y / 1.5)) % 2 ? 0.75 : 0.25));
  assert.equal(hasFinePattern(check.data, SIZE, check.core), true, 'a red-and-white check blurred to pink');
  const navy = image((x, y) => blend([25, 30, 70], WHITE, (Math.floor(x / 1.5) + Math.floor(y / 1.5)) % 2 ? 0.75 : 0.25));
  assert.equal(hasFinePattern(navy.data, SIZE, navy.core), true, 'a navy-and-white check, which differs mostly in lightness');
  const shaded = image((x, y) => blend([40, 70, 190], [10, 18, 50], (x + y) / (2 * SIZE)).map((v) => Math.max(0, v + noise())) as [number, number, number]);
  assert.equal(hasFinePattern(shaded.data, SIZE, shaded.core), false, 'a blue garment darkening into a fold, with sensor noise');
  const stripes = image((x) => (Math.floor(x / 12) % 2 ? RED : WHITE));
  assert.equal(hasFinePattern(stripes.data, SIZE, stripes.core), false, 'broad stripes are found by the clusters already');
  // Its working buffers are kept from call to call: what came before changes nothing.
  for (const [img, want] of [[shaded, false], [check, true], [stripes, false], [navy, true]] as const) {
    assert.equal(hasFinePattern(img.data, SIZE, img.core), want);
  }
});

test('a red-and-white gingham shirt is mixed: one colour at the working size, two on the sharper decode', async () => {
  const tray: [number, number, number] = [150, 150, 155];
  const frame = await garmentFrame(1, { tray, colour: { fabric: RED, second: WHITE, check: 7, light: [1, 1, 1] } });
  const seen = await preprocessFrame(new Uint8Array(frame));
  assert.equal(seen.kind, 'garment');
  if (seen.kind !== 'garment' || !seen.colour) return;
  assert.equal(seen.colour.group, 'mixed', `measured ${JSON.stringify(seen.colour)}`);
  assert.ok(!('finePattern' in seen.colour), 'decisions carry the colour, not how it was found');
  // What the sharper decode adds: the working image alone blends the squares into one pink.
  const once = preprocessImage(seen.working);
  assert.equal(once.kind, 'garment');
  if (once.kind === 'garment') assert.notEqual(once.colour?.group, 'mixed', 'the 128 px image alone cannot split the check');
  // And a plain red shirt, drawn the same way, stays one colour.
  const plain = await preprocessFrame(new Uint8Array(await garmentFrame(1, { tray, colour: { fabric: RED, light: [1, 1, 1] } })));
  assert.equal(plain.kind === 'garment' && plain.colour?.group, 'colour');
});
