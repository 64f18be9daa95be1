// A tiny fine-tune on a tiny domain-shifted set of "your garments" improves on its held-out
// garments: the whole train --from --extra path through the real CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_SIZE, PIXELS } from '../../src/dataset/classes.js';
import { writeUserDataset, type UserSample } from '../../src/user-dataset/user-dataset.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTinyModel } from '../helpers/tiny-model.js';
import { realSplit } from '../helpers/tiny-training.js';

/** A camera-ish shift the model never saw: dimmer garments on a gray (not black) tray, moved right. */
function shifted(pixels: Uint8Array, dx: number): Uint8Array {
  const out = new Uint8Array(PIXELS);
  for (let y = 0; y < IMAGE_SIZE; y++) for (let x = 0; x < IMAGE_SIZE; x++) {
    const sx = x - dx;
    const v = sx >= 0 && sx < IMAGE_SIZE ? pixels[y * IMAGE_SIZE + sx] : 0;
    out[y * IMAGE_SIZE + x] = Math.round(90 + v * 0.45);
  }
  return out;
}

/** A `pull`-style dataset of `count` test garments, two shifted photos of each. */
async function shiftedDataset(dir: string, count: number): Promise<string> {
  mkdirSync(join(dir, 'images'), { recursive: true });
  const garments = realSplit('test', count, 1000);
  const samples = new Map<string, UserSample>();
  for (let g = 0; g < garments.count; g++) {
    for (const dx of [3, 5]) { // two photos of each garment
      const id = `g${String(g).padStart(3, '0')}-${dx}`;
      const px = shifted(garments.images.subarray(g * PIXELS, (g + 1) * PIXELS), dx);
      await sharp(Buffer.from(px), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1 } }).png().toFile(join(dir, 'images', `${id}.png`));
      samples.set(id, { id, label: garments.labels[g], predicted: null, confidence: null, modelId: '', timestamp: '', garment: `g${g}`, source: 'test' });
    }
  }
  writeUserDataset(dir, samples);
  return dir;
}

test('train --from --extra: a tiny fine-tune improves on the held-out part of a tiny shifted set', async () => {
  const work = tempDir('fine-tune-');
  const base = await makeTinyModel(join(work, 'base'));
  const dataset = await shiftedDataset(join(work, 'mine'), 240);
  const out = join(work, 'tuned');
  const r = await runCli(['train', '--from', base, '--extra', dataset, '--limit', '400', '--epochs', '4', '--lr', '0.002', '--held-out', '0.3', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /fine-tuning mlp-/);
  assert.match(r.stderr, /your garments: 288 photos of 144 garments in training .*, 48 photos of 24 for picking the best epoch, 144 photos of 72 garments held out/);
  const report = JSON.parse(readFileSync(join(out, 'report', 'user-held-out.json'), 'utf8')) as { before: number; after: number; garments: number; gain: { gain: number; low: number; high: number } };
  process.stderr.write(`# held-out shifted garments: ${(report.before * 100).toFixed(1)}% → ${(report.after * 100).toFixed(1)}%\n`);
  assert.equal(report.garments, 72);
  assert.ok(report.after >= report.before + 0.05, `at least 5 points better: ${report.before} → ${report.after}`);
  // The gain comes with its range over the 72 held-out garments, and train prints both.
  assert.ok(Math.abs(report.gain.gain - (report.after - report.before)) < 1e-9);
  assert.ok(report.gain.low < report.gain.gain && report.gain.gain < report.gain.high, JSON.stringify(report.gain));
  assert.match(r.stderr, /now, \+\d+\.\d points \(95%: [+−]\d+\.\d to \+\d+\.\d\)/);
  const manifest = JSON.parse(readFileSync(join(out, 'model', 'manifest.json'), 'utf8'));
  assert.equal(manifest.training.architecture, 'mlp', 'the architecture comes from the model fine-tuned');
  // The recipe names the garments mixed in, so the model can be made again.
  assert.deepEqual(manifest.training.settings.extra, { dataset, share: 0.3, trainPhotos: 288, heldOutPhotos: 144 });
  // The best epoch is the best on Fashion-MNIST validation and your validation garments together.
  const history = manifest.training.history as { epoch: number; valAccuracy: number; extraValAccuracy: number }[];
  assert.equal(history.length, 4);
  const scores = history.map((h) => (h.valAccuracy + h.extraValAccuracy) / 2);
  assert.ok(history.every((h) => h.extraValAccuracy >= 0 && h.extraValAccuracy <= 1), 'each epoch scored on your garments');
  assert.equal(manifest.training.bestEpoch, scores.indexOf(Math.max(...scores)) + 1);
  // The model shipped is the average of the weights from epoch 1 on, and the manifest says so.
  const average = manifest.training.average as { samples: number; valAccuracy: number; extraValAccuracy: number };
  assert.equal(average.samples, 13, 'four points an epoch, from the end of epoch 1 to the end of epoch 4');
  assert.ok(average.extraValAccuracy >= 0 && average.extraValAccuracy <= 1);
  assert.match(r.stderr, /the model is the average of 13 points along the way from epoch 1 \(val acc \d+\.\d\d%, yours \d+\.\d%\); epoch \d alone is in /);

  // eval side by side reaches the same held-out garments and figures, plus Fashion-MNIST and per class.
  const e = await runCli(['eval', join(out, 'model'), '--against', base, '--extra', dataset, '--held-out', '0.3', '--limit', '1000', '--json']);
  assert.equal(e.code, 0, e.stderr);
  const side = JSON.parse(e.stdout) as { heldOut: { old: number; new: number; photos: number; gain: unknown }; fashionMnist: { old: number; new: number }; perClass: { name: string; count: number }[] };
  assert.deepEqual([side.heldOut.old, side.heldOut.new, side.heldOut.photos, side.heldOut.gain], [report.before, report.after, 144, report.gain]);
  assert.ok(side.fashionMnist.old > 0.3 && side.fashionMnist.new > 0.3, 'both still classify Fashion-MNIST');
  assert.equal(side.perClass.reduce((a, p) => a + p.count, 0), 144, 'per class on the held-out garments');
  const text = await runCli(['eval', join(out, 'model'), '--against', base, '--extra', dataset, '--held-out', '0.3', '--limit', '1000']);
  assert.match(text.stdout, /your held-out \(144\)\s+\d+\.\d%\s+\d+\.\d%\s+\+\d+\.\d \(95% over garments: [+−]\d+\.\d to \+\d+\.\d\)/);
});

test('train --extra --against: a fresh model is compared with the one the sorter runs on the same held-out garments', async () => {
  const work = tempDir('fresh-');
  const base = await makeTinyModel(join(work, 'base'));
  const dataset = await shiftedDataset(join(work, 'mine'), 120);
  const out = join(work, 'fresh');
  const r = await runCli(['train', '--arch', 'mlp', '--extra', dataset, '--against', base, '--limit', '2000', '--epochs', '2', '--held-out', '0.3', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /fine-tuning/, 'it starts afresh');
  // The afresh recipe with your garments: camera augmentation on, a tenth of each epoch yours
  // (2,000 × 0.1/0.9 ≈ 222 photos, so the 144 are seen twice; 0.3 would show them six times).
  assert.match(r.stderr, /augment camera:0\.5, seed 1/);
  assert.match(r.stderr, /your garments: 144 photos of 72 garments in training \(each seen 2× an epoch\)/);
  const report = JSON.parse(readFileSync(join(out, 'report', 'user-held-out.json'), 'utf8')) as { before: number; after: number; garments: number; gain: { gain: number } };
  assert.equal(report.garments, 36);
  assert.ok(Number.isFinite(report.before) && Number.isFinite(report.gain.gain), 'the model to beat was scored too');
  assert.ok(Math.abs(report.gain.gain - (report.after - report.before)) < 1e-9);
  const baseId = JSON.parse(readFileSync(join(base, 'manifest.json'), 'utf8')).modelId as string;
  assert.match(r.stderr, new RegExp(`your held-out garments \\(72 photos of 36\\): \\d+\\.\\d% with ${baseId} → \\d+\\.\\d% now, [+−-]\\d+\\.\\d points`));
  // The same figures as eval --against reaches afterwards.
  const e = await runCli(['eval', join(out, 'model'), '--against', base, '--extra', dataset, '--held-out', '0.3', '--limit', '200', '--json']);
  assert.equal(e.code, 0, e.stderr);
  const side = JSON.parse(e.stdout) as { heldOut: { old: number; new: number } };
  assert.deepEqual([side.heldOut.old, side.heldOut.new], [report.before, report.after]);
});

test('train --against without --extra is refused at once, in one line', async () => {
  const work = tempDir('against-');
  const r = await runCli(['train', '--arch', 'mlp', '--against', join(work, 'nowhere'), '--out', join(work, 'out')]);
  assert.equal(r.code, 64, r.stderr);
  assert.match(r.stderr, /--against compares on your held-out garments, so it needs --extra DATASET_DIR/);
  assert.equal(r.stderr.trim().split('\n').filter((l) => !l.startsWith('  ')).length, 1, r.stderr);
});

test('a held-out set of a few garments is reported as too few to judge, not as a gain', async () => {
  const work = tempDir('fine-tune-few-');
  const base = await makeTinyModel(join(work, 'base'));
  const dataset = await shiftedDataset(join(work, 'mine'), 10);
  const r = await runCli(['train', '--from', base, '--extra', dataset, '--limit', '200', '--epochs', '1', '--out', join(work, 'tuned')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /your held-out garments: only \d+ \(\d+ photos\), too few to judge the model by \(at least 30 are needed\)/);
  assert.doesNotMatch(r.stderr, /points \(95%/, 'no gain that looks like a measurement');
  assert.match(r.stderr, /compare on Fashion-MNIST: laundry-sorter eval \S+tuned\/model --against \S+base/);
});
