import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Decision } from '../../src/mqtt/topics.js';
import { SampleStore } from '../../src/samples/sample-store.js';
import { seenOf } from '../../src/controller/seen.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

let n = 0;
function decision(action: Decision['action'], confidence: number): Decision {
  return {
    id: `01SAMPLE${String(n++).padStart(18, '0')}`, timestamp: new Date(Date.UTC(2026, 10, 28, 0, 0, n)).toISOString(), action, class: 4, name: 'Coat', confidence,
    probabilities: null, bin: 'outerwear', modelId: 'm-1', timings: { capture: 0, preprocess: 0, infer: 0, actuate: 0, total: 0 },
  };
}
const pixels = new Uint8Array(784).fill(200);

test('the store keeps every garment\'s 28×28 with what the model said, and labels it', async () => {
  const dir = tempDir();
  const store = new SampleStore({ dir, max: 100, keepFrames: true });
  const d = decision('sorted', 0.9);
  await store.add(d, seenOf(Buffer.from('jpeg bytes'), pixels));
  const meta = await sharp(join(dir, `${d.id}.png`)).metadata();
  assert.deepEqual([meta.width, meta.height, meta.format], [28, 28, 'png']);
  assert.equal(readFileSync(join(dir, `${d.id}.jpg`), 'utf8'), 'jpeg bytes');
  assert.throws(() => store.label(d.id, 'Jumper'), /unknown class "Jumper"/);
  assert.throws(() => store.label('nope', 'Coat'), /no kept sample has decision id nope/);
  const r = store.label(d.id, 'Dress');
  assert.equal(r.labelName, 'Dress');
  assert.equal(r.predictedName, 'Coat');
  const reopened = new SampleStore({ dir, max: 100, keepFrames: true });
  assert.equal(reopened.get(d.id)?.label, 3, 'labels survive a restart');
});

test('when full, confident garments go first, most confident first; rejected, uncertain and labelled ones stay', async () => {
  const dir = tempDir();
  const store = new SampleStore({ dir, max: 10, keepFrames: false });
  const labelled = decision('sorted', 0.99);
  await store.add(labelled, seenOf(Buffer.alloc(0), pixels));
  store.label(labelled.id, 'Coat');
  const rejected = [decision('rejected', 0.3), decision('rejected', 0.5)];
  const unsure = [decision('sorted', 0.61), decision('sorted', 0.65)];
  const sure = Array.from({ length: 12 }, (_, i) => decision('sorted', 0.9 + i * 0.005));
  for (const d of [...rejected, ...unsure, ...sure]) await store.add(d, seenOf(Buffer.alloc(0), pixels));
  assert.ok(store.size <= 10, `bounded: ${store.size}`);
  for (const d of [labelled, ...rejected, ...unsure]) assert.ok(store.get(d.id), `${d.action} ${d.confidence} kept`);
  const gone = sure.filter((d) => !store.get(d.id));
  assert.ok(gone.length > 0);
  const keptSure = sure.filter((d) => store.get(d.id)).map((d) => d.confidence!);
  assert.ok(Math.max(...keptSure) < Math.min(...gone.map((d) => d.confidence!)), 'the most confident went first');
  for (const d of gone) assert.ok(!existsSync(join(dir, `${d.id}.png`)), 'their files too');
  const reopened = new SampleStore({ dir, max: 10, keepFrames: false });
  assert.deepEqual(reopened.all().map((m) => m.id).sort(), store.all().map((m) => m.id).sort(), 'the index matches after eviction');
  assert.equal(reopened.get(labelled.id)?.label, 4);
});

test('laundry-sorter label: lists kept garments and labels one by decision id', async () => {
  const dir = tempDir();
  const store = new SampleStore({ dir: join(dir, 'samples'), max: 100, keepFrames: false });
  const a = decision('rejected', 0.41);
  const b = decision('sorted', 0.95);
  await store.add(a, seenOf(Buffer.alloc(0), pixels));
  await store.add(b, seenOf(Buffer.alloc(0), pixels));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, readFileSync(new URL('../../../config/demo.yaml', import.meta.url), 'utf8').replace('../runs/demo-samples', join(dir, 'samples')).replace('../models/current', '/nonexistent').replace('../demo/frames', '/nonexistent'));
  let r = await runCli(['label', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`${b.id}.*Coat 95%\\s+-\\n${a.id}.*Coat 41% \\(rej\\)\\s+-`));
  r = await runCli(['label', a.id, 'Pullover', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, new RegExp(`labelled ${a.id} as Pullover \\(the model said Coat, 41%\\)`));
  r = await runCli(['label', '--unlabelled', '--config', config]);
  assert.ok(r.stdout.includes(b.id) && !r.stdout.includes(a.id));
  r = await runCli(['label', 'NOSUCHID', 'Coat', '--config', config]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no kept sample has decision id NOSUCHID/);
});

test('laundry-sorter capture: labelled photos of one garment through the camera and preprocessing, sharing a garment id', async () => {
  const dir = tempDir();
  const frames = join(dir, 'frames');
  const { mkdirSync, copyFileSync, readdirSync } = await import('node:fs');
  mkdirSync(frames);
  const demo = new URL('../../../demo/frames/', import.meta.url).pathname;
  for (const f of readdirSync(demo).filter((n) => n.endsWith('.jpg')).slice(0, 3)) copyFileSync(join(demo, f), join(frames, f));
  writeFileSync(join(frames, '999-empty.png'), await sharp({ create: { width: 640, height: 480, channels: 3, background: '#ddd8cc' } }).png().toBuffer());
  const config = join(dir, 'config.yaml');
  writeFileSync(config, readFileSync(new URL('../../../config/demo.yaml', import.meta.url), 'utf8').replace('../runs/demo-samples', join(dir, 'samples')).replace('../demo/frames', frames).replace('loop: true', 'loop: false'));
  const r = await runCli(['capture', '--label', 'coat', '--count', '4', '--every', '0', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /shot 4 of 4: the tray looks empty; not kept/);
  assert.match(r.stderr, /3 photos of one Coat \(garment-[0-9A-Z]{26}\)/);
  const store = new SampleStore({ dir: join(dir, 'samples'), max: 100, keepFrames: false });
  const kept = store.all();
  assert.equal(kept.length, 3);
  assert.ok(kept.every((m) => m.label === 4), 'labelled from the start');
  assert.equal(new Set(kept.map((m) => m.garment)).size, 1, 'one garment');
  const bad = await runCli(['capture', '--label', 'Jumper', '--config', config]);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /unknown class "Jumper"/);
});
