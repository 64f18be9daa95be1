// `pull`: the labelled garments a sorter kept, fetched over SFTP into a local dataset folder.
// Merges: a garment already there is not fetched again; one labelled differently since is
// updated; the rest is added.
import { existsSync, mkdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { UserError } from '../errors/user-error.js';
import type { LabelRecord } from '../labels/label-store.js';
import { INDEX_FILE, type SampleMeta } from '../samples/sample-store.js';
import { readUserDataset, writeUserDataset, type UserSample } from '../user-dataset/user-dataset.js';
import { downloadFile, readSmallFile } from './sftp-files.js';
import type { SshConnection } from './ssh-connection.js';

export interface PullResult { added: number; relabelled: number; unchanged: number; missing: number; total: number }

function lines<T>(text: string | undefined): T[] {
  return (text ?? '').split('\n').filter(Boolean).flatMap((l) => { try { return [JSON.parse(l) as T]; } catch { return []; } });
}

export async function pullSamples(conn: SshConnection, remoteDir: string, outDir: string, progress: (done: number, total: number) => void = () => {}): Promise<PullResult> {
  const sftp = await conn.sftp();
  const index = await readSmallFile(sftp, posix.join(remoteDir, INDEX_FILE));
  if (index === undefined) throw new UserError(`${conn.where}: ${posix.join(remoteDir, INDEX_FILE)} does not exist`, { hint: 'is --remote-dir the sorter\'s samples.dir? (default /var/lib/laundry-sorter/samples)' });
  const kept = new Map(lines<SampleMeta>(index).map((m) => [m.id, m]));
  const labels = new Map<string, LabelRecord>();
  for (const l of lines<LabelRecord>(await readSmallFile(sftp, posix.join(remoteDir, 'labels.jsonl')))) labels.set(l.decisionId, l); // the latest label wins
  const dataset = readUserDataset(outDir);
  mkdirSync(join(outDir, 'images'), { recursive: true });
  const result: PullResult = { added: 0, relabelled: 0, unchanged: 0, missing: 0, total: 0 };
  const wanted = [...labels.values()].filter((l) => kept.has(l.decisionId));
  for (const [i, l] of wanted.entries()) {
    progress(i, wanted.length);
    const meta = kept.get(l.decisionId)!;
    const existing = dataset.get(l.decisionId);
    if (existing && existsSync(join(outDir, 'images', `${l.decisionId}.png`))) {
      if (existing.label === l.label) result.unchanged++;
      else { existing.label = l.label; result.relabelled++; }
      continue;
    }
    const png = join(outDir, 'images', `${l.decisionId}.png`);
    if (!(await downloadFile(sftp, posix.join(remoteDir, `${l.decisionId}.png`), png))) { result.missing++; continue; } // evicted meanwhile
    if (meta.frame) {
      mkdirSync(join(outDir, 'frames'), { recursive: true });
      await downloadFile(sftp, posix.join(remoteDir, `${l.decisionId}.jpg`), join(outDir, 'frames', `${l.decisionId}.jpg`));
    }
    const sample: UserSample = {
      id: l.decisionId, label: l.label, predicted: meta.predicted, confidence: meta.confidence, modelId: meta.modelId,
      timestamp: meta.timestamp, garment: meta.garment ?? l.decisionId, source: conn.where, colour: meta.colour ?? '',
    };
    dataset.set(sample.id, sample);
    result.added++;
  }
  progress(wanted.length, wanted.length);
  writeUserDataset(outDir, dataset);
  result.total = dataset.size;
  return result;
}
