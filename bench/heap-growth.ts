// Does the running sorter's memory stay flat? The whole sorter (runSorter: camera, model,
// bins, journal, MQTT to a local Mosquitto with a subscriber acknowledging everything, the
// live page, metrics, samples) at the fastest trigger for DURATION seconds; the heap is
// measured after a forced GC every SAMPLE seconds, and the slope fitted after a warm-up.
// Usage: node --expose-gc heap-growth.js SECONDS
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { runSorter } from '../src/cli/run-command.js';
import { SILENT } from '../src/controller/logger.js';
import { startMosquitto } from '../test/helpers/mosquitto.js';
import { manualScope } from '../test/helpers/scope.js';
import { DEMO_FRAMES, makeDevice } from '../test/helpers/sorter-process.js';

const seconds = Number(process.argv[2] ?? 600);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const SAMPLE_SECONDS = Math.max(5, Math.round(seconds / 30));
// The bounded stores fill first (5,000 samples: about a minute here).
const WARM_UP_SECONDS = Math.min(120, seconds / 3);

const scope = manualScope();
const broker = await startMosquitto({ deepQueues: true }, scope);
const dir = scope.tempDir('bench-heap-');
const config = join(dir, 'config.yaml');
writeFileSync(config, `
model: { dir: ${join(makeDevice('current', scope), 'current')} }
camera: { kind: replay, folder: ${DEMO_FRAMES}, loop: true }
trigger: { kind: interval, everyMs: 10 }
sorting: { threshold: 0.6, rejectBin: reject, bins: { tops: [T-shirt/top, Shirt, Pullover], bottoms: [Trouser], dresses: [Dress], outerwear: [Coat], shoes: [Sandal, Sneaker, Ankle boot], bags: [Bag] } }
gpio: { kind: simulated, mode: pulse, pulseMs: 1, pins: { tops: 17, bottoms: 27, dresses: 22, outerwear: 23, shoes: 24, bags: 25, reject: 5 } }
mqtt: { url: '${broker.url}', baseTopic: bench, deviceId: heap }
snapshots: { dir: ${join(dir, 'snapshots')}, keep: 20 }
journal: { dir: ${join(dir, 'journal')} }
web: { enabled: true, port: 0 }
`);
const watcher = mqtt.connect(broker.url);
let received = 0;
await new Promise<void>((r) => watcher.once('connect', () => watcher.subscribe('bench/heap/decision', { qos: 1 }, () => r())));
watcher.on('message', () => { received++; });

const sorter = await runSorter(config, { logger: SILENT, quiet: true });
const started = performance.now();
const samples: { seconds: number; heapBytes: number; decisions: number }[] = [];
const decisions = () => { const c = sorter.controller.state().counts.actions; return c.sorted + c.rejected + c.empty; };
while ((performance.now() - started) / 1000 < seconds) {
  await new Promise((r) => setTimeout(r, SAMPLE_SECONDS * 1000));
  gc();
  samples.push({ seconds: (performance.now() - started) / 1000, heapBytes: process.memoryUsage().heapUsed, decisions: decisions() });
  process.stderr.write(`heap: ${samples.at(-1)!.seconds.toFixed(0)} s, ${(samples.at(-1)!.heapBytes / 1e6).toFixed(2)} MB, ${samples.at(-1)!.decisions} decisions\n`);
}
await sorter.stop();
watcher.end(true);
await scope.close();

/** Least-squares slope of y on x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const sxy = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}
const settled = samples.filter((s) => s.seconds >= WARM_UP_SECONDS);
const perDecision = slope(settled.map((s) => ({ x: s.decisions, y: s.heapBytes })));
const perMinute = slope(settled.map((s) => ({ x: s.seconds / 60, y: s.heapBytes })));
const heaps = settled.map((s) => s.heapBytes);
console.log(JSON.stringify({
  seconds, decisions: samples.at(-1)?.decisions ?? 0, delivered: received,
  decisionsPerSecond: (samples.at(-1)?.decisions ?? 0) / seconds,
  bytesPerDecision: perDecision, bytesPerMinute: perMinute,
  heapMinMb: Math.min(...heaps) / 1e6, heapMaxMb: Math.max(...heaps) / 1e6,
  samples,
}));
