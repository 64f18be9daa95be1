// `laundry-sorter pull`: fetch the garments people labelled on a sorter into a local dataset.
import { UserError } from '../errors/user-error.js';
import { pullSamples } from '../deploy/pull-samples.js';
import { parseTarget } from '../deploy/ssh-target.js';
import type { CommandSpec, Parsed } from './args.js';
import { ProgressBar } from './progress-bar.js';
import { connectTo, SSH_FLAGS } from './ssh-flags.js';

export const PULL_SPEC: CommandSpec = {
  name: 'pull',
  usage: 'laundry-sorter pull --host USER@HOST[:PORT] [--out DATASET_DIR] [options]',
  summary: 'Fetch the labelled garments a sorter kept (over SSH, same host-key rules as push) into a local dataset folder: images/<id>.png and samples.csv. Pulling again merges: nothing twice, relabels updated.',
  flags: {
    host: { type: 'string', value: 'USER@HOST[:PORT]', description: 'the sorter' },
    ...SSH_FLAGS,
    'remote-dir': { type: 'string', default: '/var/lib/laundry-sorter/samples', value: 'DIR', description: 'the sorter\'s samples.dir' },
    out: { type: 'string', default: 'my-garments', value: 'DIR', description: 'the local dataset folder' },
  },
};

export async function runPull(values: Parsed['values'], _p: string[], log: (line: string) => void): Promise<number> {
  if (!values.host) throw new UserError('pull: which sorter? pass --host USER@HOST', { exitCode: 64 });
  const conn = await connectTo({ target: parseTarget(String(values.host)), label: String(values.host) }, values, log);
  const bar = new ProgressBar();
  try {
    const r = await pullSamples(conn, String(values['remote-dir']), String(values.out), (done, total) => bar.update(total ? done / total : 1, 'pull', `${done} of ${total} labelled garments`));
    bar.done();
    log(`${values.out}: ${r.added} new, ${r.relabelled} relabelled, ${r.unchanged} already there${r.missing ? `, ${r.missing} gone from the sorter before they could be fetched` : ''}; ${r.total} garments in all`);
    return 0;
  } finally {
    conn.close();
  }
}
