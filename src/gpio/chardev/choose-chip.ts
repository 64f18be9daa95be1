// Which /dev/gpiochipN drives the header pins. The number moves between models and kernels
// (a Pi 5 had its header on gpiochip4 before kernel 6.6.45, gpiochip0 since), so the chip is
// found by its label and config keeps BCM numbers, which are line offsets on that chip.
import { UserError } from '../../errors/user-error.js';
import { PI_GPIO_LABELS } from '../gpio-chip.js';
import { GPIO_GROUP_HINT, NOT_A_PI_HINT, type ChipInfo, type ChipListing } from './gpiod-helper.js';

/** `wanted` is a path, a name (gpiochip0), a number, or a label; absent means the Pi's own controller. */
export function chooseChip(listing: ChipListing, devDir: string, wanted?: string): ChipInfo {
  const usable = listing.chips.filter((c): c is ChipInfo => !('error' in c));
  const refused = listing.chips.filter((c) => 'error' in c) as Array<{ path: string; error: string; code: string }>;
  const describe = () => usable.map((c) => `${c.name} [${c.label}]`).join(', ') || 'none';
  if (listing.chips.length === 0) {
    throw new UserError(`no GPIO character devices in ${devDir}`, { hint: NOT_A_PI_HINT });
  }
  if (wanted !== undefined) {
    const match = usable.find((c) => [c.path, c.name, c.label, c.name.replace(/^gpiochip/, '')].includes(wanted));
    if (match) return match;
    const blocked = refused.find((c) => c.path.endsWith(`/${wanted}`) || c.path === wanted);
    if (blocked) throw new UserError(`GPIO: cannot open ${blocked.path}: ${blocked.error}`, { hint: hintFor(blocked.code) });
    throw new UserError(`gpio.chip is \`${wanted}\`, but this machine has ${describe()}`, { hint: 'name a chip by path, name, number or label, or leave gpio.chip out to use the Pi\'s own' });
  }
  const pi = usable.find((c) => PI_GPIO_LABELS.includes(c.label));
  if (pi) return pi;
  if (usable.length === 0 && refused.length > 0) {
    throw new UserError(`GPIO: cannot open ${refused[0].path}: ${refused[0].error}`, { hint: hintFor(refused[0].code) });
  }
  throw new UserError(`no Raspberry Pi GPIO controller among the GPIO chips: ${describe()}`, {
    hint: `expected a chip labelled ${PI_GPIO_LABELS.join(', ')}; set gpio.chip to use another`,
  });
}

function hintFor(code: string): string | undefined {
  return code === 'EACCES' || code === 'EPERM' ? GPIO_GROUP_HINT : undefined;
}
