// The contract every GPIO backend passes: run against the simulated lines here, and against
// onoff on a Raspberry Pi (test/gpio/onoff-bins.test.ts runs it there). Writes are observed
// through a recording wrapper, so the same checks see real and simulated pins alike.
import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { GpioBins, type BinsOptions } from '../../src/gpio/bins.js';
import type { Level, Lines } from '../../src/gpio/lines.js';

interface Write { pin: number; level: Level; at: number }

export function recording(lines: Lines): { lines: Lines; writes: Write[]; released: Set<number> } {
  const writes: Write[] = [];
  const released = new Set<number>();
  const at = () => performance.now();
  return {
    writes, released,
    lines: {
      name: lines.name,
      close: lines.close?.bind(lines),
      async output(pin, initial, safe) {
        const line = await lines.output(pin, initial, safe);
        writes.push({ pin, level: initial, at: at() });
        released.delete(pin);
        return {
          write: async (level) => { await line.write(level); writes.push({ pin, level, at: at() }); },
          release: async () => { await line.release(); released.add(pin); },
        };
      },
      input: (pin, onChange) => lines.input(pin, onChange),
    },
  };
}

const PINS = { tops: 17, shoes: 24, reject: 5 };
const levelsOf = (writes: Write[], pin: number) => writes.filter((w) => w.pin === pin).map((w) => w.level);

/**
 * `hardwareLevel`, where the backend can be observed from outside (the fake chip's files),
 * checks what the pin really was, not only what the sorter asked for.
 */
export function binsContract(backend: string, makeLines: () => Promise<Lines>, hardwareLevel?: (pin: number) => Level | undefined): void {
  const opened: Lines[] = [];
  afterEach(async () => { for (const lines of opened.splice(0)) await lines.close?.(); });
  const make = async (options: Partial<BinsOptions> = {}) => {
    const rec = recording(await makeLines());
    opened.push(rec.lines);
    const bins = new GpioBins(rec.lines, { pins: PINS, activeLow: false, mode: 'pulse', pulseMs: 20, statusLedPin: 6, ...options });
    await bins.start();
    return { bins, ...rec };
  };

  test(`${backend}: outputs start inactive and the status LED on`, async () => {
    const { bins, writes } = await make();
    for (const pin of Object.values(PINS)) assert.deepEqual(levelsOf(writes, pin), [0], `pin ${pin}`);
    assert.deepEqual(levelsOf(writes, 6), [1]);
    await bins.stop();
  });

  test(`${backend}: a pulse drives the bin active for pulseMs, then inactive`, async () => {
    const { bins, writes } = await make({ pulseMs: 30 });
    const a = await bins.actuate('shoes');
    assert.equal(a.pin, 24);
    await a.done;
    const shoes = writes.filter((w) => w.pin === 24);
    assert.deepEqual(shoes.map((w) => w.level), [0, 1, 0]);
    if (hardwareLevel) assert.equal(hardwareLevel(24), 0, 'the pin itself is back at 0');
    assert.ok(shoes[2].at - shoes[1].at >= 29, `pulse lasted ${(shoes[2].at - shoes[1].at).toFixed(1)} ms`);
    await bins.stop();
  });

  test(`${backend}: actuations run one at a time, in the order asked`, async () => {
    const { bins, writes } = await make({ pulseMs: 10 });
    const order = ['tops', 'reject', 'shoes', 'tops'];
    const all = await Promise.all(order.map((b) => bins.actuate(b)));
    await Promise.all(all.map((a) => a.done));
    const edges = writes.filter((w) => w.pin !== 6 && writes.indexOf(w) >= 4); // after the initial levels
    assert.deepEqual(edges.map((w) => [w.pin, w.level]), order.flatMap((b) => [[PINS[b as keyof typeof PINS], 1], [PINS[b as keyof typeof PINS], 0]]));
    await bins.stop();
  });

  test(`${backend}: active-low boards get inverted levels`, async () => {
    const { bins, writes } = await make({ activeLow: true, pulseMs: 5 });
    await (await bins.actuate('tops')).done;
    assert.deepEqual(levelsOf(writes, 17), [1, 0, 1]);
    await bins.stop();
    assert.equal(levelsOf(writes, 17).at(-1), 1, 'inactive is high on an active-low board');
  });

  test(`${backend}: hold mode keeps a bin open until the next garment`, async () => {
    const { bins, writes } = await make({ mode: 'hold' });
    await bins.actuate('tops');
    await bins.actuate('shoes');
    assert.deepEqual(levelsOf(writes, 17), [0, 1, 0]);
    assert.deepEqual(levelsOf(writes, 24), [0, 1]);
    await bins.stop();
    assert.deepEqual(levelsOf(writes, 24), [0, 1, 0]);
  });

  test(`${backend}: stop cuts a pulse short, sets every output inactive and releases the lines`, async () => {
    const { bins, writes, released } = await make({ pulseMs: 10_000 });
    await bins.actuate('reject');
    const started = performance.now();
    await bins.stop();
    assert.ok(performance.now() - started < 500, 'stop waited for the pulse');
    assert.equal(levelsOf(writes, 5).at(-1), 0);
    assert.equal(levelsOf(writes, 6).at(-1), 0, 'status LED off');
    for (const pin of [...Object.values(PINS), 6]) assert.ok(released.has(pin), `pin ${pin} not released`);
    if (hardwareLevel) for (const pin of [...Object.values(PINS), 6]) assert.equal(hardwareLevel(pin), 0, `pin ${pin} itself`);
    await assert.rejects(bins.actuate('tops'), /stopped/);
  });

  test(`${backend}: an unknown bin is refused without touching any pin`, async () => {
    const { bins, writes } = await make();
    const before = writes.length;
    await assert.rejects(bins.actuate('socks'), /no bin `socks` \(bins: tops, shoes, reject\)/);
    assert.equal(writes.length, before);
    await bins.stop();
  });
}
