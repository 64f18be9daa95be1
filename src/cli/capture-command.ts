// `laundry-sorter capture --label CLASS`: photograph one of your garments a few times, on
// purpose, as labelled examples for retraining. All photos of a series share one garment id,
// so a later train/held-out split never puts the same garment on both sides.
import { createCamera } from '../camera/create-camera.js';
import { DEVICE_CONFIG, loadConfig } from '../config/load-config.js';
import { decisionId } from '../controller/decision-id.js';
import { seenOf } from '../controller/seen.js';
import { CLASS_NAMES } from '../dataset/classes.js';
import { UserError } from '../errors/user-error.js';
import { classIndex } from '../labels/label-store.js';
import { preprocessFrame } from '../preprocess/preprocess.js';
import { SampleStore } from '../samples/sample-store.js';
import { intFlag, type CommandSpec, type Parsed } from './args.js';

export const CAPTURE_SPEC: CommandSpec = {
  name: 'capture',
  usage: 'laundry-sorter capture --label CLASS [--count N] [--every MS] [--config FILE]',
  summary: 'Take labelled example photos of one garment with the sorter\'s camera and keep them in its sample store (for `pull` and retraining). Move or turn the garment between shots.',
  flags: {
    label: { type: 'string', value: 'CLASS', description: `what the garment is: ${CLASS_NAMES.join(', ')} (or 0–9)` },
    count: { type: 'string', default: '5', value: 'N', description: 'photos to take' },
    every: { type: 'string', default: '1500', value: 'MS', description: 'time between photos, to move the garment' },
    config: { type: 'string', default: DEVICE_CONFIG, value: 'FILE', description: 'the sorter\'s config (camera, preprocessing, samples.dir)' },
  },
  epilog: ['The camera can only be used by one program: stop the sorter first (`sudo systemctl stop laundry-sorter`).'],
};

export async function runCapture(values: Parsed['values'], _p: string[], log: (line: string) => void): Promise<number> {
  if (!values.label) throw new UserError('capture: what is the garment? pass --label CLASS', { hint: `one of ${CLASS_NAMES.join(', ')}`, exitCode: 64 });
  let label: number;
  try {
    label = classIndex(String(values.label));
  } catch (err) {
    throw new UserError((err as Error).message, { exitCode: 64 });
  }
  const count = intFlag(values, 'count', 1, 1000);
  const every = intFlag(values, 'every', 0, 60_000);
  const config = loadConfig(String(values.config));
  const store = new SampleStore(config.samples);
  const camera = createCamera(config.camera);
  await camera.start();
  const garment = `garment-${decisionId()}`;
  let kept = 0;
  try {
    for (let shot = 1; shot <= count; shot++) {
      if (shot > 1 && every > 0) await new Promise((r) => setTimeout(r, every));
      const frame = await camera.capture();
      const seen = await preprocessFrame(frame.bytes, { tray: config.preprocess.tray });
      if (seen.kind === 'empty') {
        log(`shot ${shot} of ${count}: the tray looks empty; not kept`);
        continue;
      }
      const id = decisionId();
      await store.addCaptured({ id, garment, label }, seenOf(frame.bytes, seen.pixels));
      kept++;
      log(`shot ${shot} of ${count}: kept ${id} as ${CLASS_NAMES[label]}`);
    }
  } finally {
    await camera.stop();
  }
  log(`${kept} photos of one ${CLASS_NAMES[label]} (${garment}) in ${config.samples.dir}`);
  return kept > 0 ? 0 : 1;
}
