// A process that journals a decision every few milliseconds, as a sorter with its broker down
// does, and says on stdout what became of each: `saved ID` (on disk), `memory ID` (the journal
// is degraded: in memory only), `health STATE` on each change. Killed with -9 by the test.
//   node journal-child.js DIR EVERY_MS
import { Journal } from '../../src/journal/journal.js';
import type { Decision } from '../../src/mqtt/topics.js';

const [dir, everyText] = process.argv.slice(2);
const journal = new Journal(dir, {
  maxUndelivered: 100_000,
  retryMs: 100,
  onHealth: (health) => process.stdout.write(`health ${health}\n`),
});
let n = 0;
setInterval(() => {
  const id = `01CHILD${String(n++).padStart(19, '0')}`;
  const d: Decision = {
    id, timestamp: new Date().toISOString(), action: 'sorted', class: 1, name: 'Trouser', confidence: 0.9,
    probabilities: Array(10).fill(0.01), bin: 'bottoms', modelId: 'm', pose: null, timings: { capture: 1, preprocess: 1, infer: 1, actuate: 0, total: 3 },
  };
  const saved = journal.health === 'ok';
  // Written before it is said: what a sorter reports is already in the file (or said to be in memory).
  void journal.record(d);
  process.stdout.write(`${saved && journal.health === 'ok' ? 'saved' : 'memory'} ${id}\n`);
}, Number(everyText));
