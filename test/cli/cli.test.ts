import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { runCli } from '../helpers/cli.js';
import { REPO } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { emptyTray } from '../helpers/frames.js';
import { writeTinyDataset } from '../helpers/tiny-data.js';
import { makeTinyModel } from '../helpers/tiny-model.js';

const COMMANDS = [['run'], ['calibrate'], ['classify'], ['preprocess'], ['train'], ['eval'], ['model', 'info'], ['model', 'verify'], ['doctor']];
const work = tempDir();
const data = join(work, 'data');
let model: string;

before(async () => {
  mkdirSync(data);
  writeTinyDataset(data, 600, 300);
  model = await makeTinyModel(join(work, 'run'));
});

for (const command of COMMANDS) {
  test(`\`${command.join(' ')} --help\` prints usage and every flag, and exits 0`, async () => {
    const r = await runCli([...command, '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`^Usage: laundry-sorter ${command.join(' ')}`));
    assert.match(r.stdout, /--help/);
  });
}

test('`--version` prints the version from package.json and exits 0', async () => {
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  assert.equal(r.stdout, `laundry-sorter ${version} (node ${process.version})\n`);
});

test('`--version --config FILE` also names the model that config serves, its tfjs backend and GPIO', async () => {
  const r = await runCli(['--version', '--config', join(REPO, 'config', 'demo.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  const id = readlinkSync(join(REPO, 'models', 'current'));
  assert.match(r.stdout, new RegExp(`^laundry-sorter .*\\nconfig .*demo\\.yaml: model ${id}, tfjs backend auto, GPIO simulated\\n$`));
});

test('`--help` lists the commands', async () => {
  const r = await runCli(['--help']);
  assert.equal(r.code, 0);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`\\n  ${c.join(' ')} `));
});

test('an unknown command or a bad flag value gets one line and exit code 64, no stack trace', async () => {
  const unknown = await runCli(['sort-socks']);
  assert.equal(unknown.code, 64);
  assert.match(unknown.stderr, /^laundry-sorter: unknown command `sort-socks`\n  → see `laundry-sorter --help`\n$/);
  const bad = await runCli(['train', '--batch-size=-3']);
  assert.equal(bad.code, 64);
  assert.match(bad.stderr, /^laundry-sorter: Expected `--batch-size` to be an integer from 1 to 4096, got `-3` \(string\)\n$/);
  const ambiguous = await runCli(['train', '--batch-size', '-3']);
  assert.equal(ambiguous.code, 64);
  assert.match(ambiguous.stderr, /^laundry-sorter: train: Option '--batch-size' argument is ambiguous\. [^\n]+\n  → see `laundry-sorter train --help`\n$/);
  const orphan = await runCli(['model', 'upright', join(REPO, 'models', 'current'), '--out', join(work, 'finder'), '--extra-share', '0.3']);
  assert.equal(orphan.code, 64);
  assert.equal(orphan.stderr, 'laundry-sorter: --extra-share is the share of --extra DATASET_DIR in each epoch, so it needs --extra\n');
  const typo = await runCli(['eval', '--limt', '5']);
  assert.equal(typo.code, 64);
  assert.equal(typo.stderr, 'laundry-sorter: eval: unknown option --limt\n  → did you mean --limit? (see `laundry-sorter eval --help`)\n');
});

test('typos get a "did you mean": flags and commands; `model` alone lists its commands', async () => {
  const flag = await runCli(['run', '--conifg', 'x.yaml']);
  assert.equal(flag.code, 64);
  assert.match(flag.stderr, /^laundry-sorter: run: unknown option --conifg\n  → did you mean --config\?/);
  const command = await runCli(['trian']);
  assert.equal(command.code, 64);
  assert.match(command.stderr, /unknown command `trian`\n  → did you mean `train`\?/);
  const far = await runCli(['run', '--zzzzzz']);
  assert.doesNotMatch(far.stderr, /did you mean/, 'no guess when nothing is close');
  const model = await runCli(['model', '--help']);
  assert.equal(model.code, 0);
  assert.match(model.stdout, /^Usage: laundry-sorter model <info\|verify\|half\|upright>/);
  assert.match(model.stdout, /model info\s+Check a model directory/);
});

test('a path that cannot be written is one line naming it, exit 1, no stack trace', async () => {
  const r = await runCli(['preprocess', join(REPO, 'test', 'fixtures', 'real-photos', 'dress', 'cds_1.jpg'), '--out', '/missing/x.png']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^laundry-sorter: cannot open \/missing\/x\.png: no such file or folder \(ENOENT\)\n  → check the path/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('classify says which bin each photo would go to, or that it would be rejected, and which model decided', async () => {
  const photos = join(REPO, 'test', 'fixtures', 'real-photos');
  const args = ['--model', join(REPO, 'models', 'current'), '--config', join(REPO, 'config', 'demo.yaml')];
  const text = await runCli(['classify', join(photos, 'trouser', 'cds_3.jpg'), ...args]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^model sorter-\S+; bins from .*demo\.yaml\n/);
  assert.match(text.stdout, /cds_3\.jpg: Trouser \d+\.\d% → dark-jeans [\s\S]*colour: dark /, 'black jeans: the demo\'s laundry rule for dark trousers');
  const json = await runCli(['classify', '--json', join(photos, 'trouser', 'cds_3.jpg'), ...args]);
  const line = JSON.parse(json.stdout) as { modelId: string; action: string; bin: string };
  assert.match(line.modelId, /^sorter-/);
  assert.deepEqual([line.action, line.bin], ['sorted', 'dark-jeans']);
  // A threshold no garment reaches: the photo would go to the reject bin, and says why.
  const strict = join(tempDir('strict-'), 'strict.yaml');
  writeFileSync(strict, readFileSync(join(REPO, 'config', 'demo.yaml'), 'utf8').replace('threshold: 0.6', 'threshold: 1'));
  const rejected = await runCli(['classify', join(photos, 'trouser', 'cds_3.jpg'), '--model', join(REPO, 'models', 'current'), '--config', strict]);
  assert.match(rejected.stdout, /→ reject \(rejected: low confidence\)/);
});

test('push checks the model folder before connecting, and takes a training run folder to mean its model', async () => {
  const notAModel = tempDir('not-a-model-');
  const r = await runCli(['push', notAModel, '--host', 'pi@127.0.0.1:1']);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /has no manifest\.json; it is not a laundry-sorter model/);
  assert.doesNotMatch(r.stderr, /connect|refused/i, 'refused before any connection');
  const run = tempDir('a-run-');
  cpSync(join(REPO, 'models', 'tutorial-cnn'), join(run, 'model'), { recursive: true, dereference: true });
  const fromRun = await runCli(['push', run, '--host', 'pi@127.0.0.1:1']);
  assert.match(fromRun.stderr, new RegExp(`${run} is a training run; pushing its model, ${join(run, 'model')}`));
});

test('missing data says how to get it, in one line, with no stack trace', async () => {
  const r = await runCli(['eval', model, '--data', join(work, 'nowhere')]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /laundry-sorter: Fashion-MNIST not found: .*nowhere/);
  assert.match(r.stderr, /apt-get install dataset-fashion-mnist/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
});

test('`eval` on a small slice prints the metrics and writes report.json and three PNGs', async () => {
  const out = join(work, 'report');
  const r = await runCli(['eval', model, '--data', data, '--limit', '120', '--out', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^test accuracy \d+\.\d\d% on 120 images/);
  assert.match(r.stdout, /Ankle boot +\d+\.\d\d%/);
  assert.match(r.stdout, /calibration: temperature \d\.\d{3}/);
  const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
  const diagonal = report.confusion.reduce((sum: number, row: number[], i: number) => sum + row[i], 0);
  assert.equal(report.count, 120);
  assert.equal(report.accuracy, diagonal / 120);
  assert.equal(report.perClass.length, 10);
  for (const [name, minWidth] of [['confusion-matrix.png', 500], ['training-curves.png', 900], ['worst-mistakes.png', 800]] as const) {
    const meta = await sharp(join(out, name)).metadata();
    assert.equal(meta.format, 'png', name);
    assert.ok(meta.width! >= minWidth, `${name} is only ${meta.width}px wide`);
  }
});

test('`model info` prints a summary; `model verify` reproduces the golden outputs; a broken model exits 1', async () => {
  const info = await runCli(['model', 'info', model]);
  assert.equal(info.code, 0, info.stderr);
  assert.match(info.stdout, /checks +ok: 2 files match their sizes and sha256/);
  assert.match(info.stdout, /accuracy +\d+\.\d\d% on 200 Fashion-MNIST test images/);
  const verify = await runCli(['model', 'verify', model]);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stderr, /^ok: mlp-\d{8}-[0-9a-f]{8} .* 4 golden outputs within/);
  const broken = await runCli(['model', 'verify', join(work, 'run')]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /has no manifest.json; it is not a laundry-sorter model\n  → check the model with/);
});

test('Ctrl-C during training keeps the last checkpoint, and --resume finishes the model', async () => {
  const out = join(work, 'interrupted');
  let sent = false;
  const stopped = await runCli(['train', '--arch', 'mlp', '--epochs', '50', '--data', data, '--out', out], {
    onStderr: (text, child) => {
      if (!sent && /epoch 1:/.test(text)) { sent = true; child.kill('SIGINT'); }
    },
  });
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stderr, /stopped; the last checkpoint is in .*Continue with: laundry-sorter train --resume --out/);
  const state = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8'));
  assert.ok(state.epochsDone >= 1);
  assert.equal(existsSync(join(out, 'model')), false, 'an interrupted run must not package a model');
  const resumed = await runCli(['train', '--resume', '--epochs', String(state.epochsDone + 1), '--data', data, '--out', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resuming the run/);
  assert.ok(existsSync(join(out, 'model', 'manifest.json')));
  const manifest = JSON.parse(readFileSync(join(out, 'model', 'manifest.json'), 'utf8'));
  assert.equal(manifest.training.history.length, state.epochsDone + 1);
});

test('`calibrate` saves the empty tray from the configured camera as the reference frame', async () => {
  const frames = join(work, 'tray-frames');
  mkdirSync(frames);
  writeFileSync(join(frames, 'empty.jpg'), await emptyTray());
  const config = join(work, 'calibrate.yaml');
  writeFileSync(config, [
    `camera: { kind: replay, folder: ${frames} }`, 'trigger: { kind: interval }',
    'sorting: { rejectBin: r, bins: { t: [Trouser] } }', 'gpio: { kind: simulated, pins: { t: 17, r: 5 } }',
    `preprocess: { reference: ${join(work, 'reference.jpg')} }`,
  ].join('\n'));
  const r = await runCli(['calibrate', '--config', config]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /saved the empty tray from replay .* to .*reference\.jpg/);
  assert.match(r.stderr, /the tray is #[0-9a-f]{6} \(lightness 0\.\d\d.*\): good for measuring colour/, 'calibrate says what the tray means for colour');
  assert.doesNotMatch(r.stderr, /if the tray was not empty/);
  assert.equal((await sharp(join(work, 'reference.jpg')).metadata()).width, 640);
});
