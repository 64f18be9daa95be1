// Real GPIO through onoff (sysfs). Thin on purpose: all behaviour lives in the shared code
// above Lines, which the contract test checks against the simulated backend too.
import { UserError } from '../errors/user-error.js';
import { findGpioBase } from './gpio-chip.js';
import type { InputLine, Level, Lines, OutputLine } from './lines.js';

interface OnoffGpio {
  write(value: Level): Promise<void>;
  read(): Promise<Level>;
  watch(cb: (err: Error | null | undefined, value: Level) => void): void;
  unexport(): void;
}
type OnoffModule = { Gpio: { new (gpio: number, direction: string, edge?: string): OnoffGpio; accessible: boolean } };

export async function createOnoffLines(sysfsRoot: string): Promise<Lines> {
  let onoff: OnoffModule;
  try {
    onoff = (await import('onoff' as string)) as OnoffModule;
  } catch (err) {
    throw new UserError(`gpio.kind is onoff but the onoff package could not load: ${(err as Error).message.split('\n')[0]}`, {
      hint: 'run `npm ci` on the Pi (it builds onoff\'s native part; needs g++ and make)',
    });
  }
  if (!onoff.Gpio.accessible) {
    throw new UserError('gpio.kind is onoff but this machine has no accessible GPIO (/sys/class/gpio)', {
      hint: 'on a Pi, run as a user in the gpio group; elsewhere use `gpio: { kind: simulated }`',
    });
  }
  const base = findGpioBase(sysfsRoot);
  const open = (pin: number, direction: string, edge?: string) => {
    try {
      return new onoff.Gpio(base + pin, direction, edge);
    } catch (err) {
      throw new UserError(`cannot open BCM ${pin} (sysfs gpio${base + pin}): ${(err as Error).message.split('\n')[0]}`, {
        hint: 'is another program using the pin, or is the user not in the gpio group?',
      });
    }
  };
  return {
    name: `onoff (sysfs base ${base})`,
    async output(pin, initial): Promise<OutputLine> {
      // 'low'/'high' set the direction and the level in one step: no glitch on a relay.
      const gpio = open(pin, initial ? 'high' : 'low');
      return { write: (level) => gpio.write(level), release: async () => gpio.unexport() };
    },
    async input(pin, onChange): Promise<InputLine> {
      const gpio = open(pin, 'in', 'both');
      gpio.watch((err, value) => { if (!err) onChange(value, performance.timeOrigin + performance.now()); });
      return { read: () => gpio.read(), release: async () => gpio.unexport() };
    },
  };
}
