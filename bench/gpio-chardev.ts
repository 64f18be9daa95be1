// What the character-device backend costs: start-up, a pin write's round trip, an edge's
// way to the trigger, and the helper's memory, on the fake python3-libgpiod (the real one
// needs a Pi; the helper's own work is the same). The lower bound for a design that starts a
// process per level change (Debian's gpioset has no --interactive) is measured beside it.
// Usage: node gpio-chardev.js WRITES
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChardevLines } from '../src/gpio/chardev/chardev-lines.js';
import { median, percentile } from './measure.js';

const writes = Number(process.argv[2] ?? 1000);
const root = mkdtempSync(join(tmpdir(), 'bench-gpiod-'));
const devDir = join(root, 'dev');
const state = join(root, 'state');
mkdirSync(devDir);
mkdirSync(state);
writeFileSync(join(state, 'chips.json'), JSON.stringify({ gpiochip0: { label: 'pinctrl-bcm2711', lines: 58 } }));
writeFileSync(join(devDir, 'gpiochip0'), '');
const fakeModule = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'fake-gpiod');
const env = { ...process.env, PYTHONPATH: fakeModule, FAKE_GPIOD_DIR: state };

try {
  const starts: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const lines = await ChardevLines.open({ devDir, env });
    starts.push(performance.now() - t);
    await lines.close();
  }
  const lines = await ChardevLines.open({ devDir, env });
  const out = await lines.output(17, 0);
  const round: number[] = [];
  for (let i = 0; i < writes; i++) {
    const t = performance.now();
    await out.write((i % 2) as 0 | 1);
    round.push(performance.now() - t);
  }
  let seen = 0;
  let resolveEdge = () => {};
  await lines.input(16, () => { seen++; resolveEdge(); });
  const edges: number[] = [];
  for (let i = 0; i < Math.min(200, writes); i++) {
    const arrived = new Promise<void>((r) => { resolveEdge = r; });
    const t = performance.now();
    const fd = openSync(join(state, 'edges', 'gpiochip0-16'), 'w');
    writeSync(fd, `${i % 2}\n`);
    closeSync(fd);
    await arrived;
    edges.push(performance.now() - t);
  }
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${lines.helperPid}/status`, 'utf8'))?.[1]);
  await lines.close();
  const spawns: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    execFileSync('/bin/true');
    spawns.push(performance.now() - t);
  }
  console.log(JSON.stringify({
    startMedianMs: median(starts), writeMedianMs: median(round), writeP99Ms: percentile(round, 99),
    edgeMedianMs: median(edges), edgeP99Ms: percentile(edges, 99), edges: seen, helperRssMb: rssKb / 1024,
    spawnPerChangeMedianMs: median(spawns),
  }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
