// `laundry-sorter label`: say what a kept garment really was, or list the garments to label.
import { DEVICE_CONFIG, loadConfig } from '../config/load-config.js';
import { CLASS_NAMES } from '../dataset/classes.js';
import { UserError } from '../errors/user-error.js';
import { SampleStore } from '../samples/sample-store.js';
import { intFlag, type CommandSpec, type Parsed } from './args.js';

export const LABEL_SPEC: CommandSpec = {
  name: 'label',
  usage: 'laundry-sorter label [DECISION_ID CLASS] [--config FILE] [--unlabelled] [--count N]',
  summary: 'Record the right class for a garment the sorter kept (by its decision id), for retraining. With no arguments, list the newest kept garments.',
  flags: {
    config: { type: 'string', default: DEVICE_CONFIG, value: 'FILE', description: 'the sorter\'s config (for samples.dir)' },
    unlabelled: { type: 'boolean', default: false, description: 'list only garments nobody has labelled yet' },
    count: { type: 'string', default: '20', value: 'N', description: 'how many to list' },
  },
  epilog: [
    `CLASS is a name (${CLASS_NAMES.join(', ')}) or its index 0–9.`,
    'Examples:',
    '  laundry-sorter label --unlabelled',
    '  laundry-sorter label 01M8FS5Z7GTB3SH3NH170MD4EZ Coat',
    'The MQTT command label-last does the same for the last garment; `pull` fetches the labelled ones.',
  ],
};

export async function runLabel(values: Parsed['values'], positionals: string[], log: (line: string) => void): Promise<number> {
  const config = loadConfig(String(values.config));
  const store = new SampleStore(config.samples);
  if (positionals.length === 2) {
    let r;
    try {
      r = store.label(positionals[0], positionals[1]);
    } catch (err) {
      throw new UserError((err as Error).message, { hint: 'list the kept garments with `laundry-sorter label`', exitCode: 1 });
    }
    log(`labelled ${r.decisionId} as ${r.labelName} (the model said ${r.predictedName ?? 'nothing'}${r.confidence === null ? '' : `, ${(r.confidence * 100).toFixed(0)}%`})`);
    return 0;
  }
  if (positionals.length !== 0) throw new UserError('label takes DECISION_ID and CLASS, or nothing to list', { hint: 'see `laundry-sorter label --help`', exitCode: 64 });
  const count = intFlag(values, 'count', 1, 100_000);
  const shown = store.all().filter((m) => !values.unlabelled || m.label === undefined).slice(-count).reverse();
  if (shown.length === 0) {
    log(`no ${values.unlabelled ? 'unlabelled ' : ''}garments kept in ${config.samples.dir}`);
    return 0;
  }
  const name = (i: number | null | undefined) => (i === null || i === undefined ? '-' : CLASS_NAMES[i]);
  process.stdout.write(`${['decision id'.padEnd(27), 'time'.padEnd(20), 'model said'.padEnd(18), 'label'].join('')}\n`);
  for (const m of shown) {
    const said = m.predicted === null ? '-' : `${name(m.predicted)} ${((m.confidence ?? 0) * 100).toFixed(0)}%${m.action === 'rejected' ? ' (rej)' : ''}`;
    process.stdout.write(`${m.id.padEnd(27)}${m.timestamp.slice(0, 19).replace('T', ' ').padEnd(20)}${said.padEnd(18)}${name(m.label)}\n`);
  }
  return 0;
}
