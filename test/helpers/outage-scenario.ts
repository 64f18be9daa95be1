// A broker outage while garments keep coming: a real sorter process, a real Mosquitto that is
// stopped for a while and started again, and a dashboard-like subscriber with a persistent
// session. Used by the reliability test (asserts) and the benchmark (reports the figures).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { wholeLines } from '../../src/journal/journal-records.js';
import type { Decision } from '../../src/mqtt/topics.js';
import { startMosquitto } from './mosquitto.js';
import { TEST_SCOPE, type Scope } from './scope.js';
import { makeDevice, startSorterProcess } from './sorter-process.js';

export interface OutageFigures {
  outageSeconds: number;
  /** Every decision the sorter made, from its journal. */
  made: number;
  madeDuringOutage: number;
  /** Distinct ids that reached the subscriber. */
  delivered: number;
  lost: number;
  duplicates: number;
  /** Seconds from the broker's restart until the backlog had arrived. */
  catchUpSeconds: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every decision a journal recorded, delivered or not, read as the sorter reads it: a running sorter may be halfway through appending a line. */
export function journaled(dir: string): Decision[] {
  return wholeLines(readFileSync(join(dir, 'decisions.jsonl'))).lines
    .map((l) => JSON.parse(l) as { d?: Decision }).filter((r) => r.d).map((r) => r.d!);
}

export async function brokerOutage(outageSeconds: number, scope: Scope = TEST_SCOPE): Promise<OutageFigures> {
  const broker = await startMosquitto({ persistent: true }, scope);
  const received: string[] = [];
  const watcher = mqtt.connect(broker.url, { clientId: 'outage-dashboard', clean: false, reconnectPeriod: 200 });
  await new Promise<void>((r) => watcher.once('connect', () => watcher.subscribe('test/outage/decision', { qos: 1 }, () => r())));
  watcher.on('message', (_t, p) => received.push((JSON.parse(p.toString()) as Decision).id));
  const journalDir = scope.tempDir('outage-journal-');
  const sorter = await startSorterProcess(makeDevice('current', scope), broker.url, { deviceId: 'outage', everyMs: 50, extra: `journal: { dir: ${journalDir} }\nhomeassistant: { enabled: false }\n` }, scope);
  for (const deadline = Date.now() + 30_000; received.length < 20; await sleep(50)) {
    if (Date.now() > deadline) throw new Error(`the sorter published ${received.length} decisions in 30 s; it said: ${sorter.stderr().slice(-500)}`);
  }
  await broker.stop();
  const down = new Date().toISOString();
  await sleep(outageSeconds * 1000);
  const up = new Date().toISOString();
  await broker.start();
  const restarted = Date.now();
  let caughtUp = 0;
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(100)) {
    const made = new Set(journaled(journalDir).map((d) => d.id));
    const got = new Set(received);
    if ([...made].filter((id) => id < [...made].sort().at(-5)!).every((id) => got.has(id))) { caughtUp = (Date.now() - restarted) / 1000; break; }
  }
  await sorter.stop();
  await sleep(1000);
  watcher.end(true);
  const made = journaled(journalDir);
  const ids = new Set(received);
  return {
    outageSeconds,
    made: made.length,
    madeDuringOutage: made.filter((d) => d.timestamp >= down && d.timestamp <= up).length,
    delivered: made.filter((d) => ids.has(d.id)).length,
    lost: made.filter((d) => !ids.has(d.id)).length,
    duplicates: received.length - ids.size,
    catchUpSeconds: caughtUp,
  };
}
