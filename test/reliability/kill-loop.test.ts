// A sorter killed with -9 over and over while sorting at the fastest trigger: every decision
// it reported (on stdout, after its bin moved) must have a journal record. The sorter's
// output is the witness: a line is printed only once the bin output was driven.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { replay } from '../../src/journal/journal-records.js';
import { spawnSorter } from '../helpers/reporting-sorter.js';
import { makeDevice, sorterConfig } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const KILLS = 20;

/** Every decision id the journal ever recorded (delivered or not: nothing is delivered here). */
function journaledIds(dir: string): Set<string> {
  return new Set(replay(readFileSync(join(dir, 'decisions.jsonl'))).pending.keys());
}

async function runUntilKilled(config: string, decisions: number): Promise<string[]> {
  const sorter = spawnSorter(config);
  await sorter.until(`${decisions} decisions`, () => sorter.ids.length >= decisions);
  await sorter.kill('SIGKILL');
  return [...sorter.ids];
}

test(`kill -9 ${KILLS} times while sorting at the fastest trigger: every decision whose bin moved has a journal record`, async () => {
  const journal = tempDir('kill-loop-journal-');
  // No broker: nothing is delivered, so the journal keeps every decision to check against.
  const config = sorterConfig(makeDevice(), 'mqtt://127.0.0.1:9', 'killed', 10, undefined, `journal: { dir: ${journal} }\nhomeassistant: { enabled: false }\n`);
  const reported: string[] = [];
  for (let kill = 0; kill < KILLS; kill++) reported.push(...await runUntilKilled(config, 3 + (kill % 7)));
  const onDisk = journaledIds(journal);
  const missing = reported.filter((id) => !onDisk.has(id));
  assert.equal(new Set(reported).size, reported.length, 'ids are unique across restarts');
  assert.deepEqual(missing, [], `${missing.length} of ${reported.length} decisions moved a bin with no journal record`);
});
