import { DEVICE_CONFIG, loadConfig } from '../config/load-config.js';
import { examine, formatChecks } from '../doctor/doctor.js';
import type { CommandSpec, Parsed } from './args.js';

export const DOCTOR_SPEC: CommandSpec = {
  name: 'doctor',
  usage: 'laundry-sorter doctor [--config FILE]',
  summary: 'Check that every part the config asks for can work on this machine: Node, the tfjs backend, GPIO, the camera program, the model and the journal. Exits 1 if any cannot.',
  flags: {
    config: { type: 'string', default: DEVICE_CONFIG, value: 'FILE', description: 'the sorter\'s config' },
  },
  epilog: ['Example: laundry-sorter doctor --config config/demo.yaml'],
};

export async function runDoctor(values: Parsed['values'], _p: string[], log: (line: string) => void): Promise<number> {
  const config = loadConfig(String(values.config));
  const checks = await examine(config);
  process.stdout.write(`${formatChecks(checks)}\n`);
  const failed = checks.filter((c) => c.status === 'fail');
  if (failed.length > 0) {
    log(`doctor: ${failed.length} part${failed.length > 1 ? 's' : ''} cannot work here: ${failed.map((c) => c.part).join(', ')}`);
    return 1;
  }
  log('doctor: every configured part can work here');
  return 0;
}
