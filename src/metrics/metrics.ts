// Prometheus metrics in the text exposition format. The sorter's own are kept by hand (a few
// counters and four histograms): decisions by class, bin and action; how long each stage
// takes; the journal backlog; broker reconnects; errors. prom-client adds the process and
// Node.js ones (resident memory, heap, event-loop lag, GC, start time), which are what to
// watch on a 512 MB Pi under a watchdog.
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Decision, SorterState } from '../mqtt/topics.js';

/** Seconds; from a fast inference to a slow USB webcam capture. */
export const BUCKETS = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
const STAGES = ['capture', 'preprocess', 'infer', 'total'] as const;

class Histogram {
  readonly counts = new Array<number>(BUCKETS.length).fill(0);
  sum = 0;
  count = 0;

  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]) this.counts[i]++;
  }
}

const label = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class SorterMetrics {
  private readonly runtime = new Registry();
  private readonly decisions = new Map<string, { cls: string; bin: string; action: string; n: number }>();
  private readonly stages = Object.fromEntries(STAGES.map((s) => [s, new Histogram()])) as Record<(typeof STAGES)[number], Histogram>;

  constructor() {
    collectDefaultMetrics({ register: this.runtime });
  }

  observe(d: Decision): void {
    const key = `${d.name}|${d.bin}|${d.action}`;
    const entry = this.decisions.get(key) ?? { cls: d.name ?? 'none', bin: d.bin ?? 'none', action: d.action, n: 0 };
    entry.n++;
    this.decisions.set(key, entry);
    this.stages.capture.observe(d.timings.capture / 1000);
    this.stages.preprocess.observe(d.timings.preprocess / 1000);
    if (d.action !== 'empty') this.stages.infer.observe(d.timings.infer / 1000);
    this.stages.total.observe(d.timings.total / 1000);
  }

  /** The sorter's metrics, then the process's and Node's. */
  async renderAll(state: SorterState, errors: Record<string, number>): Promise<string> {
    return `${this.render(state, errors)}${await this.runtime.metrics()}`;
  }

  render(state: SorterState, errors: Record<string, number>): string {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, lines: string[]) => out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    metric('laundry_sorter_decisions_total', 'counter', 'Garments decided, by class, bin and action.',
      [...this.decisions.values()].map((e) => `laundry_sorter_decisions_total{class="${label(e.cls)}",bin="${label(e.bin)}",action="${e.action}"} ${e.n}`));
    const h: string[] = [];
    for (const stage of STAGES) {
      const s = this.stages[stage];
      BUCKETS.forEach((b, i) => h.push(`laundry_sorter_stage_seconds_bucket{stage="${stage}",le="${b}"} ${s.counts[i]}`));
      h.push(`laundry_sorter_stage_seconds_bucket{stage="${stage}",le="+Inf"} ${s.count}`, `laundry_sorter_stage_seconds_sum{stage="${stage}"} ${s.sum}`, `laundry_sorter_stage_seconds_count{stage="${stage}"} ${s.count}`);
    }
    metric('laundry_sorter_stage_seconds', 'histogram', 'Time per sorting stage: capture, preprocess, infer, and the whole garment.', h);
    metric('laundry_sorter_backlog', 'gauge', 'Decisions journaled but not yet acknowledged by the broker.', [`laundry_sorter_backlog ${state.backlog}`]);
    metric('laundry_sorter_journal_dropped_total', 'counter', 'Undelivered decisions dropped because the journal was full.', [`laundry_sorter_journal_dropped_total ${state.dropped}`]);
    metric('laundry_sorter_journal_degraded', 'gauge', '1 while the journal cannot write (disk full, read-only): undelivered decisions are in memory only.', [`laundry_sorter_journal_degraded ${state.journal.health === 'ok' ? 0 : 1}`]);
    metric('laundry_sorter_journal_unsaved', 'gauge', 'Undelivered decisions held only in memory because the journal cannot write.', [`laundry_sorter_journal_unsaved ${state.journal.unsaved}`]);
    metric('laundry_sorter_mqtt_connected', 'gauge', '1 while connected to the broker.', [`laundry_sorter_mqtt_connected ${state.broker.connected ? 1 : 0}`]);
    metric('laundry_sorter_mqtt_reconnects_total', 'counter', 'Reconnection attempts to the broker.', [`laundry_sorter_mqtt_reconnects_total ${state.broker.reconnects}`]);
    // Every kind always present (0 until it happens), so a rate() over it has a series from the start.
    const kinds = { camera: 0, ...errors };
    metric('laundry_sorter_errors_total', 'counter', 'Problems the sorter survived, by kind (camera: losses and failed captures).', Object.entries(kinds).map(([k, v]) => `laundry_sorter_errors_total{kind="${k}"} ${v}`));
    metric('laundry_sorter_camera_ok', 'gauge', '1 while the camera delivers frames.', [`laundry_sorter_camera_ok ${state.camera === 'ok' ? 1 : 0}`]);
    metric('laundry_sorter_paused', 'gauge', '1 while paused.', [`laundry_sorter_paused ${state.paused ? 1 : 0}`]);
    metric('laundry_sorter_model_info', 'gauge', 'The model in service.', [`laundry_sorter_model_info{model_id="${label(state.modelId)}",backend="${label(state.backend)}"} 1`]);
    return `${out.join('\n')}\n`;
  }
}
