// pull against a real sshd: the labelled garments a sorter kept land in a local dataset, and
// pulling again merges without duplicates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Decision } from '../../src/mqtt/topics.js';
import { SampleStore } from '../../src/samples/sample-store.js';
import { seenOf } from '../../src/controller/seen.js';
import { readUserDataset } from '../../src/user-dataset/user-dataset.js';
import { runCli } from '../helpers/cli.js';
import { startSshd } from '../helpers/sshd.js';
import { tempDir } from '../helpers/temp-dir.js';

let n = 0;
const decision = (confidence: number): Decision => ({
  id: `01PULL${String(n++).padStart(20, '0')}`, timestamp: new Date().toISOString(), action: 'sorted', class: 6, name: 'Shirt', confidence,
  probabilities: null, bin: 'tops', modelId: 'sorter-x', timings: { capture: 0, preprocess: 0, infer: 0, actuate: 0, total: 0 },
  colour: { group: 'dark', name: 'blue', rgb: '#233040', confidence: 1 },
});

test('pull fetches labelled garments only, then merges: nothing twice, relabels updated, new ones added', async () => {
  const sshd = await startSshd();
  const remote = join(tempDir('sorter-samples-'), 'samples');
  const store = new SampleStore({ dir: remote, max: 100, keepFrames: false });
  const ds = [decision(0.5), decision(0.7), decision(0.9)];
  for (const [i, d] of ds.entries()) await store.add(d, seenOf(Buffer.alloc(0), new Uint8Array(784).fill(40 * (i + 1))));
  store.label(ds[0].id, 'Coat');
  store.label(ds[1].id, 'Shirt');
  const out = join(tempDir('dataset-'), 'mine');
  const pull = () => runCli(['pull', '--host', sshd.target, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts, '--remote-dir', remote, '--out', out]);

  let r = await pull();
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /2 new, 0 relabelled, 0 already there; 2 garments in all/);
  let dataset = readUserDataset(out);
  assert.deepEqual([...dataset.keys()].sort(), [ds[0].id, ds[1].id], 'only labelled garments');
  assert.equal(dataset.get(ds[0].id)!.label, 4);
  assert.equal(dataset.get(ds[0].id)!.predicted, 6, 'what the model said comes along');
  assert.equal(dataset.get(ds[0].id)!.colour, 'dark', 'and the colour group the sorter measured');
  const png = await sharp(join(out, 'images', `${ds[0].id}.png`)).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([png.info.width, png.info.height, png.data[0]], [28, 28, 40], 'the very pixels the sorter kept');
  assert.match(readFileSync(join(out, 'samples.csv'), 'utf8'), /^id,label,label_name,predicted,predicted_name,confidence,model_id,timestamp,garment,source,colour\n/);

  store.label(ds[1].id, 'Pullover');
  store.label(ds[2].id, 'Shirt');
  r = await pull();
  assert.match(r.stderr, /1 new, 1 relabelled, 1 already there; 3 garments in all/);
  dataset = readUserDataset(out);
  assert.equal(dataset.get(ds[1].id)!.label, 2);
  const rows = readFileSync(join(out, 'samples.csv'), 'utf8').trim().split('\n').slice(1);
  assert.equal(rows.length, 3, 'no duplicate rows');

  r = await runCli(['pull', '--host', sshd.target, '--identity', sshd.identity, '--known-hosts', join(tempDir(), 'none'), '--remote-dir', remote, '--out', out]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /is not in .*; it presented ssh-ed25519 key SHA256:/, 'the same host-key rules as push');
});
