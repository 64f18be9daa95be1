// `--augment` as text: "none", or a comma list like "shift:2,flip,erase:0.25,camera:0.5".
import { UserError, describeValue } from '../errors/user-error.js';
import { NO_AUGMENT, type AugmentOptions } from './augment.js';

export function parseAugment(text: string): AugmentOptions {
  if (text.trim() === 'none') return { ...NO_AUGMENT };
  const out = { ...NO_AUGMENT };
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.split(':');
    const num = Number(value);
    if (key === 'flip' && value === undefined) out.flip = true;
    else if (key === 'shift' && Number.isInteger(num) && num >= 0 && num <= 8) out.shift = num;
    else if (key === 'erase' && Number.isFinite(num) && num >= 0 && num <= 1) out.erase = num;
    else if (key === 'camera' && Number.isFinite(num) && num >= 0 && num <= 1) out.camera = num;
    else if (key === 'rotate' && Number.isFinite(num) && num >= 0 && num <= 45) out.rotate = num;
    else if (key === 'turn' && Number.isFinite(num) && num >= 0 && num <= 1) out.turn = num;
    else if (key === 'turn-smooth' && Number.isFinite(num) && num >= 0 && num <= 0.9) out.turnSmoothing = num;
    else {
      throw new UserError(
        `Expected \`--augment\` to be \`none\` or a list of shift:0-8, flip, erase:0-1, camera:0-1, rotate:0-45 (degrees), turn:0-1, turn-smooth:0-0.9, got ${describeValue(part)} in ${describeValue(text)}`,
        { exitCode: 64 },
      );
    }
  }
  return out;
}

export function formatAugment(a: AugmentOptions): string {
  const parts = [a.shift > 0 ? `shift:${a.shift}` : '', a.flip ? 'flip' : '', a.erase > 0 ? `erase:${a.erase}` : '', (a.camera ?? 0) > 0 ? `camera:${a.camera}` : '',
    (a.rotate ?? 0) > 0 ? `rotate:${a.rotate}` : '', (a.turn ?? 0) > 0 ? `turn:${a.turn}` : '',
    (a.turnSmoothing ?? 0) > 0 ? `turn-smooth:${a.turnSmoothing}` : ''].filter(Boolean);
  return parts.length ? parts.join(',') : 'none';
}
