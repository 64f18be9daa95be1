// A fake GPIO character device for the chardev backend: the real helper script runs under
// the real python3, with test/fixtures/fake-gpiod standing in for python3-libgpiod.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Level } from '../../src/gpio/lines.js';
import { REPO } from './sorter-process.js';
import { tempDir } from './temp-dir.js';

export interface FakeChipSpec { label: string; lines: number; denied?: boolean }

export class FakeGpioChips {
  readonly root = tempDir('fake-gpiod-');
  readonly devDir = join(this.root, 'dev');
  readonly state = join(this.root, 'state');
  readonly env: NodeJS.ProcessEnv;

  constructor(chips: Record<string, FakeChipSpec> = { gpiochip0: { label: 'pinctrl-bcm2711', lines: 58 } }, module = 'fake-gpiod') {
    mkdirSync(this.devDir);
    mkdirSync(this.state);
    writeFileSync(join(this.state, 'chips.json'), JSON.stringify(chips));
    for (const name of Object.keys(chips)) writeFileSync(join(this.devDir, name), '');
    this.env = { ...process.env, PYTHONPATH: join(REPO, 'test/fixtures', module), FAKE_GPIOD_DIR: this.state };
  }

  /** The level a line is at, as the chip sees it; undefined if never driven. */
  level(pin: number, chip = 'gpiochip0'): Level | undefined {
    const file = join(this.state, 'levels', `${chip}-${pin}`);
    return existsSync(file) ? (Number(readFileSync(file, 'utf8')) as Level) : undefined;
  }

  /** Every output write, oldest first. */
  log(chip = 'gpiochip0'): Array<[number, Level]> {
    const file = join(this.state, 'log');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split(' ')).filter((w) => w[0] === chip).map((w) => [Number(w[1]), Number(w[2]) as Level]);
  }

  /** Whether some live process holds the line. */
  held(pin: number, chip = 'gpiochip0'): boolean {
    const file = join(this.state, 'held', `${chip}-${pin}`);
    if (!existsSync(file)) return false;
    try {
      process.kill(Number(readFileSync(file, 'utf8')), 0);
      return true;
    } catch {
      return false;
    }
  }

  /** Another program holds a line (as the kernel would record its request). */
  holdAs(pid: number, pin: number, chip = 'gpiochip0'): void {
    mkdirSync(join(this.state, 'held'), { recursive: true });
    writeFileSync(join(this.state, 'held', `${chip}-${pin}`), String(pid));
  }

  /** Moves a watched input, as a sensor would. */
  drive(pin: number, level: Level, chip = 'gpiochip0'): void {
    const fd = openSync(join(this.state, 'edges', `${chip}-${pin}`), 'w');
    try { writeSync(fd, `${level}\n`); } finally { closeSync(fd); }
  }
}
