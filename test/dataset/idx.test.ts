import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encodeIdx, IdxError, IMAGES_MAGIC, LABELS_MAGIC, parseIdxImages, parseIdxLabels } from '../../src/dataset/idx.js';

const images = (count: number) => encodeIdx(IMAGES_MAGIC, [count, 28, 28], new Uint8Array(count * 784).map((_, i) => i % 256));
const labels = (values: number[]) => encodeIdx(LABELS_MAGIC, [values.length], Uint8Array.from(values));

test('parses raw and gzipped IDX files alike', () => {
  for (const bytes of [images(3), gzipSync(images(3))]) {
    const parsed = parseIdxImages(bytes, 28);
    assert.equal(parsed.count, 3);
    assert.equal(parsed.pixels.length, 3 * 784);
    assert.equal(parsed.pixels[785], 785 % 256);
  }
  assert.deepEqual(Array.from(parseIdxLabels(gzipSync(labels([0, 9, 4])), 10).labels), [0, 9, 4]);
});

const BAD: [string, () => unknown, RegExp][] = [
  ['an images file with the labels magic', () => parseIdxImages(labels([1, 2]), 28), /expected images magic 0x00000803, got 0x00000801/],
  ['a labels file with the images magic', () => parseIdxLabels(images(1), 10), /expected labels magic 0x00000801, got 0x00000803/],
  ['a truncated images file', () => parseIdxImages(images(5).subarray(0, 16 + 4 * 784 + 10), 28), /header says 5 images \(3936 bytes\), file has 3162 bytes/],
  ['an images file with extra bytes', () => parseIdxImages(Buffer.concat([images(2), Buffer.alloc(3)]), 28), /header says 2 images/],
  ['a truncated labels file', () => parseIdxLabels(labels([1, 2, 3]).subarray(0, 9), 10), /header says 3 labels \(11 bytes\), file has 9 bytes/],
  ['a file cut inside its header', () => parseIdxImages(images(1).subarray(0, 10), 28), /file is 10 bytes, too short for an IDX header of 16 bytes/],
  ['a zero-byte file', () => parseIdxLabels(new Uint8Array(0), 10), /too short/],
  ['images of the wrong size', () => parseIdxImages(encodeIdx(IMAGES_MAGIC, [1, 32, 32], new Uint8Array(1024)), 28), /expected 28×28 images, got 32×32/],
  ['a label out of range', () => parseIdxLabels(labels([3, 10, 2]), 10), /label 1 is 10, expected 0..9/],
  ['a truncated gzip stream', () => parseIdxImages(gzipSync(images(20)).subarray(0, 200), 28), /gzip data is corrupt or truncated/],
];

for (const [what, parse, message] of BAD) {
  test(`rejects ${what} with a message that says what is wrong`, () => {
    assert.throws(parse, (err: unknown) => err instanceof IdxError && message.test(err.message));
  });
}
