import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReplayCamera } from '../../src/camera/replay-camera.js';
import type { Config } from '../../src/config/schema.js';
import { loadClassifier, type Classifier } from '../../src/classifier/classifier.js';
import { Controller } from '../../src/controller/controller.js';
import { SILENT } from '../../src/controller/logger.js';
import { Snapshots } from '../../src/controller/snapshots.js';
import { GpioBins } from '../../src/gpio/bins.js';
import { SimulatedLines } from '../../src/gpio/simulated-lines.js';
import { initBackend } from '../../src/model/backend.js';
import { Publisher } from '../../src/mqtt/publisher.js';
import type { Decision } from '../../src/mqtt/topics.js';
import type { Trigger } from '../../src/trigger/trigger.js';
import { CLI } from '../helpers/cli.js';
import { emptyTray, garmentFrame } from '../helpers/frames.js';
import { CLASS_NAMES } from '../../src/dataset/classes.js';
import { realSplit } from '../helpers/tiny-training.js';
import { REPO } from '../helpers/sorter-process.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTinyModel } from '../helpers/tiny-model.js';

const SORTING: Config['sorting'] = {
  threshold: 0.3, rejectBin: 'reject',
  bins: { tops: ['T-shirt/top', 'Shirt', 'Pullover'], bottoms: ['Trouser'], dresses: ['Dress'], outerwear: ['Coat'], shoes: ['Sandal', 'Sneaker', 'Ankle boot'], bags: ['Bag'] },
};
const PINS = { tops: 17, bottoms: 27, dresses: 22, outerwear: 23, shoes: 24, bags: 25, reject: 5 };

const work = tempDir();
const frames = join(work, 'frames');
/** The full loop's frames: the first three test garments of classes the shipped model knows well, and an empty tray. */
const loopFrames = join(work, 'loop-frames');
const loopLabels: (number | null)[] = [];
let modelDir: string;
let classifier: Classifier;
let shipped: Classifier;

before(async () => {
  mkdirSync(frames);
  for (let i = 0; i < 10; i++) writeFileSync(join(frames, `${String(i).padStart(2, '0')}.jpg`), i === 4 ? await emptyTray() : await garmentFrame(i));
  await initBackend();
  modelDir = await makeTinyModel(join(work, 'model'), 'cnn');
  classifier = await loadClassifier(modelDir);
  shipped = await loadClassifier(join(REPO, 'models', 'current'));
  mkdirSync(loopFrames);
  const test = realSplit('test', 200);
  const wanted = (['Trouser', 'Bag', 'Sneaker'] as const).map((n) => CLASS_NAMES.indexOf(n));
  const picked = wanted.flatMap((label) => [...test.labels].map((l, i) => (l === label ? i : -1)).filter((i) => i >= 0).slice(0, 3));
  picked.sort((a, b) => a - b).splice(4, 0, -1); // the empty tray fifth
  for (const [k, index] of picked.entries()) {
    writeFileSync(join(loopFrames, `${String(k).padStart(2, '0')}.jpg`), index < 0 ? await emptyTray() : await garmentFrame(index));
    loopLabels.push(index < 0 ? null : test.labels[index]);
  }
});

/** A trigger the test fires by hand. */
function manualTrigger(): Trigger & { fire: (r: string) => void } {
  let f: (r: string) => void = () => {};
  return { name: 'manual', start: async (fire) => { f = fire; }, stop: async () => {}, fire: (r) => f(r) };
}

test('the full loop: N frames give N decisions on the broker, each in the bin its class maps to, pulsed in order', async () => {
  const broker = await startMosquitto();
  const watcher = await watch(broker.url, 'laundry-sorter/loop/#');
  const lines = new SimulatedLines();
  const trigger = manualTrigger();
  const controller = new Controller({
    camera: new ReplayCamera(loopFrames, false), classifier: shipped, trigger, logger: SILENT, backend: 'wasm',
    bins: new GpioBins(lines, { pins: PINS, activeLow: false, mode: 'pulse', pulseMs: 2 }),
    publisher: new Publisher(broker.url, 'laundry-sorter/loop', { url: broker.url, baseTopic: 'laundry-sorter', rejectUnauthorized: true, embeddedPort: 0 }),
    snapshots: new Snapshots({ dir: join(work, 'snaps'), keep: 5, maxMegabytes: 50 }),
    sorting: SORTING, preprocess: {},
  });
  await controller.start();
  const made = await Promise.all(Array.from({ length: 10 }, (_, i) => controller.fire(`garment ${i}`)));

  // What each frame should give, from its label and the config alone: the bin its class maps to.
  const binOf = (label: number) => Object.entries(SORTING.bins).find(([, classes]) => (classes as string[]).includes(CLASS_NAMES[label]))![0];
  const expected = loopLabels.map((label) => (label === null ? { action: 'empty', bin: null } : { action: 'sorted', bin: binOf(label) }));
  assert.deepEqual(expected.map((e) => e.bin ?? 'none').sort(), ['bags', 'bags', 'bags', 'bottoms', 'bottoms', 'bottoms', 'none', 'shoes', 'shoes', 'shoes'], 'the fixture: three trousers, bags and sneakers, and an empty tray');
  assert.deepEqual(made.map((d) => ({ action: d!.action, bin: d!.bin })), expected);

  const arrived: Decision[] = [];
  for (const d of made) arrived.push(JSON.parse((await watcher.next('laundry-sorter/loop/decision', new RegExp(d!.id))).payload));
  assert.deepEqual(arrived.map((d) => d.id), made.map((d) => d!.id));
  assert.deepEqual([...arrived.map((d) => d.id)].sort(), arrived.map((d) => d.id), 'ids sort in decision order');
  // Each garment's bin was pulsed, once, in decision order; an empty tray pulses nothing.
  const rising = lines.edges.filter((e) => e.level === 1).map((e) => e.pin);
  assert.deepEqual(rising, made.filter((d) => d!.bin).map((d) => PINS[d!.bin as keyof typeof PINS]));
  // The retained state counts what happened.
  await new Promise((r) => setTimeout(r, 400));
  const state = JSON.parse(watcher.messages.filter((m) => m.topic === 'laundry-sorter/loop/state').at(-1)!.payload);
  assert.equal(state.counts.actions.empty, 1);
  assert.equal(state.counts.actions.sorted + state.counts.actions.rejected, 9);
  // Every garment (not the empty tray) has a colour, counted by group as its decision says.
  const groups = made.filter((d) => d!.action !== 'empty').map((d) => d!.colour!.group);
  assert.equal(groups.length, 9);
  assert.deepEqual(state.counts.colours, groups.reduce((n: Record<string, number>, g) => ({ ...n, [g]: (n[g] ?? 0) + 1 }), {}));
  assert.equal(state.modelId, shipped.modelId);
  await controller.stop();
  assert.equal(readdirSync(join(work, 'snaps')).filter((f) => f.endsWith('-frame.jpg')).length, 5, 'snapshots keep the last 5');
  for (const pin of Object.values(PINS)) assert.equal(lines.levels.get(pin), 0, `pin ${pin} left active`);
  await watcher.next('laundry-sorter/loop/status', 'offline');
});

test('a lost camera gives no decision, a readable error on the state topic, and the loop goes on', async () => {
  const broker = await startMosquitto();
  const watcher = await watch(broker.url, 'laundry-sorter/cam/#');
  const only = join(work, 'one-frame');
  mkdirSync(only);
  copyFileSync(join(frames, '00.jpg'), join(only, '00.jpg'));
  const controller = new Controller({
    camera: new ReplayCamera(only, false), classifier, trigger: manualTrigger(), logger: SILENT, backend: 'wasm',
    bins: new GpioBins(new SimulatedLines(), { pins: PINS, activeLow: false, mode: 'hold', pulseMs: 1 }),
    publisher: new Publisher(broker.url, 'laundry-sorter/cam', { url: broker.url, baseTopic: 'laundry-sorter', rejectUnauthorized: true, embeddedPort: 0 }),
    snapshots: new Snapshots({ dir: join(work, 's2'), keep: 0, maxMegabytes: 1 }), sorting: SORTING, preprocess: {},
  });
  await controller.start();
  assert.ok(await controller.fire('first'));
  assert.equal(await controller.fire('second'), undefined);
  const state = await watcher.next('laundry-sorter/cam/state', /all 1 frames played/);
  assert.match(JSON.parse(state.payload).lastError, /^second: no decision: replay camera: all 1 frames played$/);
  await controller.stop();
});

test('a camera that stays lost is logged once, then reminded once a minute with a count; every failure is still counted', async () => {
  const broker = await startMosquitto();
  const only = join(work, 'one-frame-again');
  mkdirSync(only);
  copyFileSync(join(frames, '00.jpg'), join(only, '00.jpg'));
  const warnings: string[] = [];
  let now = 0;
  const controller = new Controller({
    camera: new ReplayCamera(only, false), classifier, trigger: manualTrigger(), backend: 'wasm', now: () => now,
    logger: { ...SILENT, warn: (m) => warnings.push(m) },
    bins: new GpioBins(new SimulatedLines(), { pins: PINS, activeLow: false, mode: 'hold', pulseMs: 1 }),
    publisher: new Publisher(broker.url, 'laundry-sorter/quiet', { url: broker.url, baseTopic: 'laundry-sorter', rejectUnauthorized: true, embeddedPort: 0 }),
    snapshots: new Snapshots({ dir: join(work, 's3'), keep: 0, maxMegabytes: 1 }), sorting: SORTING, preprocess: {},
  });
  await controller.start();
  assert.ok(await controller.fire('first'));
  for (let i = 0; i < 30; i++) { now += 1500; await controller.fire(`trigger ${i}`); } // 45 s of a 1.5 s trigger
  const failed = controller.errorCounts.camera + controller.errorCounts.cycle;
  assert.equal(failed, 30, 'every failure counted');
  assert.equal(warnings.length, 1, `logged once, not on every trigger: ${warnings.join(' | ')}`);
  assert.match(warnings[0], /trigger 0: no decision: replay camera: all 1 frames played/);
  for (let i = 0; i < 12; i++) { now += 1500; await controller.fire(`later ${i}`); } // past the minute
  assert.equal(warnings.length, 2);
  assert.match(warnings[1], /no decision: replay camera: all 1 frames played \(still happening: \d+ times in the last 60 s\)/);
  await controller.stop();
});

function runConfig(url: string, deviceId: string): string {
  const config = join(work, `${deviceId}.yaml`);
  writeFileSync(config, [
    `model: { dir: ${modelDir} }`, `camera: { kind: replay, folder: ${frames} }`, 'trigger: { kind: interval, everyMs: 100 }',
    `sorting: ${JSON.stringify(SORTING)}`, `gpio: { kind: simulated, pins: ${JSON.stringify(PINS)} }`,
    `mqtt: { url: '${url}', deviceId: ${deviceId} }`, `snapshots: { dir: ${join(work, `${deviceId}-snaps`)}, keep: 3 }`,
  ].join('\n'));
  return config;
}

test('`run` as a process: decisions on the broker; kill -9 and the broker says offline', async () => {
  const broker = await startMosquitto();
  const config = runConfig(broker.url, 'proc');
  const watcher = await watch(broker.url, 'laundry-sorter/proc/#');
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d; });
  await watcher.next('laundry-sorter/proc/status', 'online', 20000);
  await watcher.next('laundry-sorter/proc/decision', undefined, 10000);
  // Once a decision is acknowledged, the state says so: a backlog of 0, as /metrics and the page show.
  const settled = () => watcher.messages.filter((m) => m.topic === 'laundry-sorter/proc/state').map((m) => JSON.parse(m.payload))
    .some((s) => s.backlog === 0 && Object.values(s.counts.actions as Record<string, number>).some((n) => n > 0));
  for (const deadline = Date.now() + 10_000; !settled(); await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail('no state with the decisions counted and a backlog of 0');
  }
  child.kill('SIGKILL');
  await watcher.next('laundry-sorter/proc/status', 'offline', 5000);
  assert.match(out, /→ (tops|bottoms|dresses|outerwear|shoes|bags|reject)/);
});

// `online` is published while the sorter is still starting (the dashboard and model watcher
// come after it); a decision means it is fully running. Both must stop cleanly.
for (const [when, topic] of [['while starting up', 'status'], ['while sorting', 'decision']] as const) {
  test(`\`run\` stops cleanly on SIGTERM ${when}: offline published, exit 0`, async () => {
    const broker = await startMosquitto();
    const deviceId = `term-${topic}`;
    const config = runConfig(broker.url, deviceId);
    const watcher = await watch(broker.url, `laundry-sorter/${deviceId}/#`);
    const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d; });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    await watcher.next(`laundry-sorter/${deviceId}/${topic}`, topic === 'status' ? 'online' : undefined, 20000).catch((e: Error) => assert.fail(`${e.message}\n${err}`));
    const sent = Date.now();
    child.kill('SIGTERM');
    assert.equal(await exited, 0, `killed by the signal instead of stopping:\n${err}`);
    assert.ok(Date.now() - sent < 2500, `took ${Date.now() - sent} ms to stop`);
    await watcher.next(`laundry-sorter/${deviceId}/status`, 'offline');
  });
}

test('a bad config exits 78 with one line per problem and starts nothing', async () => {
  const config = join(work, 'bad.yaml');
  writeFileSync(config, 'camera: { kind: usb }\ntrigger: { kind: interval }\nsorting: { rejectBin: r, bins: {} }\ngpio: { kind: simulated, pins: { r: 99 } }\n');
  const child = spawn(process.execPath, [CLI, 'run', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d; });
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 78);
  assert.match(err, /bad\.yaml: camera\.kind: expected one of replay, webcam, rpicam, ffmpeg, got `usb` \(string\)\n/);
  assert.match(err, /bad\.yaml: gpio\.pins\.r: expected number to be <=27, got `99` \(number\)\n/);
});
