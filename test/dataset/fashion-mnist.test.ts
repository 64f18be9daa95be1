import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadFashionMnist, splitValidation } from '../../src/dataset/fashion-mnist.js';
import { downloadFashionMnist } from '../../src/dataset/download.js';
import { candidateDirs, DEBIAN_DIR, FILES, findFile } from '../../src/dataset/locate.js';
import { UserError } from '../../src/errors/user-error.js';
import { tempDir } from '../helpers/temp-dir.js';
import { REAL_DATA_DIR, writeTinyDataset } from '../helpers/tiny-data.js';

test('looks in --data, then $FASHION_MNIST_DIR, then the Debian package, then the user cache', () => {
  const dirs = candidateDirs('/x/flag', { FASHION_MNIST_DIR: '/x/env', XDG_CACHE_HOME: '/x/cache' });
  assert.deepEqual(dirs.map((d) => d.dir), ['/x/flag', '/x/env', DEBIAN_DIR, '/x/cache/laundry-sorter/fashion-mnist']);
});

test('loads the official files and recognises them by checksum', async () => {
  const data = await loadFashionMnist({ dir: REAL_DATA_DIR, download: false });
  assert.equal(data.train.count, 60000);
  assert.equal(data.test.count, 10000);
  assert.equal(data.official, true);
  const { fit, validation } = splitValidation(data.train);
  assert.equal(fit.count, 55000);
  assert.equal(validation.count, 5000);
  // The validation slice is the end of the training set, never the test set.
  assert.equal(validation.labels[4999], data.train.labels[59999]);
});

test('a small copy loads too, and is marked as not the official dataset', async () => {
  const dir = tempDir();
  writeTinyDataset(dir, 300, 50, false);
  const data = await loadFashionMnist({ dir, download: false });
  assert.equal(data.train.count, 300);
  assert.equal(data.official, false);
  assert.equal(splitValidation(data.train).validation.count, 30);
});

async function loadError(dir: string): Promise<UserError> {
  try {
    await loadFashionMnist({ dir, download: false });
  } catch (err) {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    return err;
  }
  assert.fail('loading should have failed');
}

test('a missing dataset names where it looked and how to get the files', async () => {
  const err = await loadError(join(tempDir(), 'nothing-here'));
  assert.match(err.message, /Fashion-MNIST not found: .*nothing-here \(--data\): missing train-images-idx3-ubyte/);
  assert.match(err.hint!, /apt-get install dataset-fashion-mnist/);
});

test('a truncated file gets one line naming the file and the problem', async () => {
  const dir = tempDir();
  writeTinyDataset(dir, 100, 20, false);
  const path = join(dir, FILES.testImages);
  writeFileSync(path, readFileSync(path).subarray(0, 5000));
  const err = await loadError(dir);
  assert.match(err.message, /t10k-images-idx3-ubyte: header says 20 images \(15696 bytes\), file has 5000 bytes/);
  assert.equal(err.message.includes('\n'), false);
});

test('images and labels that disagree in count are refused', async () => {
  const dir = tempDir();
  writeTinyDataset(dir, 100, 20, false);
  const other = tempDir();
  writeTinyDataset(other, 90, 20, false);
  writeFileSync(join(dir, FILES.trainLabels), readFileSync(join(other, FILES.trainLabels)));
  const err = await loadError(dir);
  assert.match(err.message, /train-images-idx3-ubyte has 100 images but train-labels-idx1-ubyte has 90 labels/);
});

function serve(files: Record<string, Uint8Array>) {
  const server = createServer((req, res) => {
    const body = files[req.url!.slice(1)];
    if (!body) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => server.listen(0, '127.0.0.1', () =>
    resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() })));
}

test('downloads the official files when checksums match, and refuses files that do not', async () => {
  const official: Record<string, Uint8Array> = {};
  for (const key of Object.keys(FILES) as (keyof typeof FILES)[]) official[`${FILES[key]}.gz`] = readFileSync(findFile(REAL_DATA_DIR, key)!);
  const good = await serve(official);
  try {
    const dir = join(tempDir(), 'cache');
    await downloadFashionMnist(dir, { baseUrl: good.url });
    const data = await loadFashionMnist({ dir, download: false });
    assert.equal(data.official, true);
  } finally {
    good.close();
  }
  const fakeDir = tempDir();
  writeTinyDataset(fakeDir, 10, 10);
  const fake: Record<string, Uint8Array> = {};
  for (const name of Object.values(FILES)) fake[`${name}.gz`] = readFileSync(join(fakeDir, `${name}.gz`));
  const bad = await serve(fake);
  try {
    const dir = join(tempDir(), 'cache');
    mkdirSync(dir);
    await assert.rejects(downloadFashionMnist(dir, { baseUrl: bad.url }), /train-images-idx3-ubyte.gz from .* has sha256 [0-9a-f]{64}, expected c59f468a/);
    assert.equal(existsSync(join(dir, 'train-images-idx3-ubyte.gz')), false, 'a file that failed its checksum must not be kept');
  } finally {
    bad.close();
  }
});
