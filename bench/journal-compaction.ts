// What the journal costs the sorting loop: the synchronous write of one record (made before
// each bin moves), and the longest event-loop stall while a compaction rewrites 50,000
// undelivered decisions, against doing the same rewrite in one synchronous go (as the journal
// used to). Usage: node journal-compaction.js UNDELIVERED
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Journal } from '../src/journal/journal.js';
import { decisionLine } from '../src/journal/journal-records.js';
import { decisionId } from '../src/controller/decision-id.js';
import type { Decision } from '../src/mqtt/topics.js';
import { median, percentile } from './measure.js';

const undelivered = Number(process.argv[2] ?? 50_000);
const dir = mkdtempSync(join(tmpdir(), 'bench-journal-'));

/** A decision shaped like the sorter's: ten probabilities, a pose, timings. */
function decision(): Decision {
  const probabilities = Array.from({ length: 10 }, () => Math.random() / 10);
  return {
    id: decisionId(), timestamp: new Date().toISOString(), action: 'sorted', class: 1, name: 'Trouser', confidence: 0.93, probabilities, bin: 'bottoms',
    modelId: 'sorter-20261130-2a3f5e1d', pose: { orientation: 12.5, turn: -12.5, view: 0, mirrored: false, agreement: 1, method: 'rect' },
    timings: { capture: 0.01, preprocess: 1.6, infer: 1.9, actuate: 0, total: 3.6 },
  } as Decision;
}

const journal = new Journal(dir, { maxUndelivered: undelivered * 2 });
const live = Array.from({ length: undelivered }, decision);
const recordMs: number[] = [];
for (const d of live) {
  const start = performance.now();
  void journal.record(d);
  recordMs.push(performance.now() - start);
}
const bytes = journal.fileBytes;

// Acknowledged decisions until the file is one pair of lines short of being worth compacting
// (twice the live set plus 1,000 lines), then a pause for the syncs to settle, so the stall
// measured is the compaction's and not this set-up's.
let last: Promise<void> = Promise.resolve();
for (let i = 0; i < Math.floor((undelivered + 1000) / 2) - 1; i++) {
  const d = decision();
  last = journal.record(d);
  journal.delivered(d.id);
}
await last;
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
while (!journal.isCompacting) {
  const d = decision();
  void journal.record(d);
  journal.delivered(d.id);
}
const started = performance.now();
// A garment every 50 ms meanwhile, as a sorter at 20/s would make.
const garments = setInterval(() => { const d = decision(); void journal.record(d); }, 50);
while (journal.isCompacting) await new Promise((r) => setTimeout(r, 1));
const compactionSeconds = (performance.now() - started) / 1000;
clearInterval(garments);
delay.disable();
await journal.close();

// The old way: the whole live set built and written in one synchronous call, then fsynced.
const oldStart = performance.now();
const fd = openSync(join(dir, 'old-way.jsonl'), 'w');
writeSync(fd, live.map(decisionLine).join(''));
fsyncSync(fd);
closeSync(fd);
const oldWayStallMs = performance.now() - oldStart;
rmSync(dir, { recursive: true, force: true });

console.log(JSON.stringify({
  undelivered,
  fileMb: bytes / 1e6,
  recordMedianMs: median(recordMs),
  recordP99Ms: percentile(recordMs, 99),
  compactionSeconds,
  longestStallMs: delay.max / 1e6,
  oldWayStallMs,
}));
