import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Camera, Frame } from '../../src/camera/camera.js';
import { SimulatedLines } from '../../src/gpio/simulated-lines.js';
import { preprocessFrame } from '../../src/preprocess/preprocess.js';
import { GpioTrigger } from '../../src/trigger/gpio-trigger.js';
import { IntervalTrigger } from '../../src/trigger/interval-trigger.js';
import { PresenceTrigger } from '../../src/trigger/presence-trigger.js';
import { emptyTray, garmentFrame } from '../helpers/frames.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('interval: fires on its period until stopped, and never after', async () => {
  const t = new IntervalTrigger(50);
  let fired = 0;
  await t.start(() => fired++);
  for (const deadline = Date.now() + 10_000; fired < 3; await sleep(10)) {
    if (Date.now() > deadline) assert.fail(`fired ${fired} times in 10 s at a 50 ms period`);
  }
  await t.stop();
  const seen = fired;
  await sleep(200); // four periods
  assert.equal(fired, seen, 'fired after stop');
});

test('gpio: a bouncing beam-break gives one firing per garment, on the configured edge only', async () => {
  const lines = new SimulatedLines();
  const t = new GpioTrigger(lines, 16, 'falling', 20);
  const fired: string[] = [];
  await t.start((reason) => fired.push(reason));
  // The beam is broken: the sensor output chatters, then settles low.
  for (const level of [0, 1, 0, 1, 0] as const) { lines.setInput(16, level); await sleep(2); }
  await sleep(60);
  assert.deepEqual(fired, ['GPIO 16 falling']);
  // The garment has passed: the output rises again, which a falling trigger ignores.
  lines.setInput(16, 1);
  await sleep(60);
  assert.deepEqual(fired, ['GPIO 16 falling']);
  // A flicker shorter than the debounce is not a garment.
  lines.setInput(16, 0); await sleep(5); lines.setInput(16, 1);
  await sleep(60);
  assert.equal(fired.length, 1);
  await t.stop();
  assert.equal(lines.isClaimed(16), false, 'the input line must be released');
});

test('gpio: "both" fires on each settled change', async () => {
  const lines = new SimulatedLines();
  const t = new GpioTrigger(lines, 20, 'both', 10);
  const fired: string[] = [];
  await t.start((r) => fired.push(r));
  lines.setInput(20, 0); await sleep(40);
  lines.setInput(20, 1); await sleep(40);
  await t.stop();
  assert.deepEqual(fired, ['GPIO 20 falling', 'GPIO 20 rising']);
});

test('presence: one firing per garment once it lies still, none for an empty tray', async () => {
  const empty = await emptyTray();
  const shirt = await garmentFrame(1);
  const shoe = await garmentFrame(0);
  const sequence = [empty, empty, shirt, shirt, shirt, shirt, shirt, empty, shoe, shoe, shoe, empty];
  let i = 0;
  const camera: Camera = {
    name: 'scripted', health: 'ok', start: async () => {}, stop: async () => {},
    capture: async (): Promise<Frame> => ({ bytes: sequence[i++], at: Date.now(), source: `look ${i}` }),
  };
  const t = new PresenceTrigger(camera, (bytes) => preprocessFrame(bytes), 3, 1000);
  const fired: number[] = [];
  for (let look = 0; look < sequence.length; look++) await t.observe(() => fired.push(look));
  // The shirt is still from its first look; the third still look fires (look 4). The shoe: look 10.
  assert.deepEqual(fired, [4, 10]);
});
