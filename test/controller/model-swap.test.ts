// Swapping the model while garments are being sorted, in-process and flat out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Classifier } from '../../src/classifier/classifier.js';
import { Controller } from '../../src/controller/controller.js';
import { SILENT } from '../../src/controller/logger.js';
import { Snapshots } from '../../src/controller/snapshots.js';
import { GpioBins } from '../../src/gpio/bins.js';
import { SimulatedLines } from '../../src/gpio/simulated-lines.js';
import type { Publisher } from '../../src/mqtt/publisher.js';
import { ReplayCamera } from '../../src/camera/replay-camera.js';
import { DEMO_FRAMES } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A classifier that says which model it is, and notices being used after disposal. */
function fake(modelId: string, calls: string[], onCall = () => {}): Classifier & { disposed: boolean } {
  const c = {
    modelId, disposed: false, manifest: {} as Classifier['manifest'], forward: 'layers' as const, hasUprightFinder: false,
    classify() {
      if (c.disposed) throw new Error(`${modelId} used after dispose`);
      calls.push(modelId);
      onCall();
      const probabilities = Array.from({ length: 10 }, (_, i) => (i === 1 ? 0.91 : 0.01));
      return { classIndex: 1, className: 'Trouser', confidence: 0.91, probabilities };
    },
    classifyViews() { const one = c.classify(); return { ...one, view: 0, agreement: 1, perView: [one.probabilities], rule: 'max' as const }; },
    dispose() { c.disposed = true; },
  };
  return c;
}

test('a swap during full-speed sorting: every decision made by one model, none dropped, old model disposed only when unused', async () => {
  const calls: string[] = [];
  let tenSorted = () => {};
  const sortedTen = new Promise<void>((resolve) => { tenSorted = resolve; });
  const a = fake('model-a', calls, () => { if (calls.length === 10) tenSorted(); });
  const b = fake('model-b', calls);
  const publisher = { start() {}, async stop() {}, publish: async () => {}, subscribe() {}, connected: true } as unknown as Publisher;
  const controller = new Controller({
    camera: new ReplayCamera(DEMO_FRAMES, true), classifier: a, publisher, logger: SILENT, backend: 'test', preprocess: {},
    trigger: { name: 'test', start: async () => {}, stop: async () => {} },
    bins: new GpioBins(new SimulatedLines(), { pins: { bottoms: 27, reject: 5 }, activeLow: false, mode: 'hold', pulseMs: 1 }),
    sorting: { threshold: 0.6, rejectBin: 'reject', bins: { bottoms: ['Trouser'] } },
    snapshots: new Snapshots({ dir: tempDir(), keep: 0, maxMegabytes: 1 }),
  });
  await controller.start();
  const pending = Array.from({ length: 60 }, () => controller.fire('test'));
  await sortedTen; // some garments sorted, many still queued
  const old = await controller.swapClassifier(b);
  assert.equal(old, a);
  old.dispose();
  const decisions = (await Promise.all(pending)).filter((d) => d !== undefined);
  await controller.stop();
  assert.equal(decisions.length, 60, 'no garment dropped');
  const models = decisions.map((d) => d.modelId);
  const firstB = models.indexOf('model-b');
  assert.ok(firstB > 0, `the swap came mid-run: ${models.join(',')}`);
  assert.ok(models.slice(firstB).every((m) => m === 'model-b') && models.slice(0, firstB).every((m) => m === 'model-a'));
  assert.ok(firstB < 55, 'the swap did not wait for the queue to drain');
  const garments = decisions.filter((d) => d.action !== 'empty');
  assert.deepEqual(garments.map((d) => d.modelId), calls, 'each decision names the model that classified it');
});
