// What the sorter saw, kept for retraining: every garment's 28×28 (and optionally its camera
// frame) with what the model said, in a bounded folder that a person labels and `pull` copies.
//
//   samples/
//     index.jsonl      one SampleMeta per line (rewritten when samples are evicted)
//     labels.jsonl     one LabelRecord per line, appended by label-last, `label` and the page
//     <id>.png         the 28×28 the model saw
//     <id>.jpg         the camera frame (samples.keepFrames)
//
// When full, the garments least worth keeping go first: confidently sorted ones, most
// confident first; then the rest; labelled garments last of all. Low-confidence and rejected
// garments, the ones a retrain learns most from, stay.
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LABELS_FILE, classIndex, type LabelRecord } from '../labels/label-store.js';
import { CLASS_NAMES } from '../dataset/classes.js';
import type { Decision } from '../mqtt/topics.js';
import type { Seen } from '../controller/seen.js';

export const INDEX_FILE = 'index.jsonl';

export interface SampleMeta {
  id: string;
  timestamp: string;
  action: Decision['action'];
  predicted: number | null;
  confidence: number | null;
  modelId: string;
  frame: boolean;
  /** Photos of one physical garment share this (a `capture` series); otherwise the id. */
  garment?: string;
  /** Set once a person says what the garment was. */
  label?: number;
  /** The colour group measured from the frame, when colour is on. */
  colour?: string;
}

export interface SampleStoreOptions { dir: string; max: number; keepFrames: boolean }

function readLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter(Boolean).flatMap((l) => {
    try { return [JSON.parse(l) as T]; } catch { return []; } // a torn last line after a crash
  });
}

/** Lower is evicted first. */
function keepScore(m: SampleMeta): number {
  if (m.label !== undefined) return 3;
  if (m.action === 'rejected') return 2;
  return 1 - (m.confidence ?? 0);
}

export class SampleStore {
  private readonly samples = new Map<string, SampleMeta>();
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SampleStoreOptions) {
    mkdirSync(options.dir, { recursive: true });
    for (const m of readLines<SampleMeta>(join(options.dir, INDEX_FILE))) this.samples.set(m.id, m);
    this.readLabels();
  }

  /** Labels may also come from `laundry-sorter label` in another process, appending to the same file. */
  private readLabels(): void {
    for (const l of readLines<LabelRecord>(join(this.options.dir, LABELS_FILE))) {
      const m = this.samples.get(l.decisionId);
      if (m) m.label = l.label;
    }
  }

  get size(): number {
    return this.samples.size;
  }

  get(id: string): SampleMeta | undefined {
    return this.samples.get(id);
  }

  all(): SampleMeta[] {
    return [...this.samples.values()];
  }

  /** Queued behind earlier saves, so it never holds up sorting; errors go to `onError`. */
  add(decision: Decision, seen: Seen, onError: (m: string) => void = () => {}): Promise<void> {
    return this.keep({
      id: decision.id, timestamp: decision.timestamp, action: decision.action, predicted: decision.class,
      confidence: decision.confidence, modelId: decision.modelId, frame: this.options.keepFrames, ...(decision.colour ? { colour: decision.colour.group } : {}),
    }, seen, onError);
  }

  /** A deliberate example (`capture`): labelled from the start, one garment per series. */
  async addCaptured(sample: { id: string; garment: string; label: number }, seen: Seen): Promise<void> {
    let failed: string | undefined;
    await this.keep({
      id: sample.id, timestamp: new Date().toISOString(), action: 'sorted', predicted: null, confidence: null, modelId: '', frame: this.options.keepFrames, garment: sample.garment,
    }, seen, (m) => { failed = m; });
    if (failed) throw new Error(failed);
    this.label(sample.id, sample.label);
  }

  private keep(meta: SampleMeta, seen: Seen, onError: (m: string) => void): Promise<void> {
    const png = seen.png();
    if (!png || this.options.max === 0) return Promise.resolve();
    this.writing = this.writing.then(async () => {
      try {
        writeFileSync(join(this.options.dir, `${meta.id}.png`), await png);
        if (meta.frame) writeFileSync(join(this.options.dir, `${meta.id}.jpg`), seen.frame);
        appendFileSync(join(this.options.dir, INDEX_FILE), `${JSON.stringify(meta)}\n`);
        this.samples.set(meta.id, meta);
        // Never more than max; evicting down to 95% rewrites the index once per 5%, not per garment.
        if (this.samples.size > this.options.max) this.evict(Math.min(this.options.max - 1, Math.floor(this.options.max * 0.95)));
      } catch (err) {
        onError(`sample ${meta.id} not kept: ${(err as Error).message.split('\n')[0]}`);
      }
    });
    return this.writing;
  }

  /** Records the right class for a kept garment. */
  label(id: string, value: string | number): LabelRecord {
    const m = this.samples.get(id);
    if (!m) throw new Error(`no kept sample has decision id ${id}`);
    const index = classIndex(value);
    const record: LabelRecord = {
      decisionId: id, label: index, labelName: CLASS_NAMES[index], predicted: m.predicted, predictedName: m.predicted === null ? null : CLASS_NAMES[m.predicted],
      confidence: m.confidence, modelId: m.modelId, decidedAt: m.timestamp, labelledAt: new Date().toISOString(),
    };
    appendFileSync(join(this.options.dir, LABELS_FILE), `${JSON.stringify(record)}\n`);
    m.label = index;
    return record;
  }

  private evict(target: number): void {
    this.readLabels();
    const order = this.all().sort((a, b) => keepScore(a) - keepScore(b) || a.id.localeCompare(b.id));
    for (const m of order.slice(0, this.samples.size - target)) {
      rmSync(join(this.options.dir, `${m.id}.png`), { force: true });
      rmSync(join(this.options.dir, `${m.id}.jpg`), { force: true });
      this.samples.delete(m.id);
    }
    const temp = join(this.options.dir, `${INDEX_FILE}.tmp`);
    writeFileSync(temp, this.all().map((m) => `${JSON.stringify({ ...m, label: undefined })}\n`).join(''));
    renameSync(temp, join(this.options.dir, INDEX_FILE));
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
