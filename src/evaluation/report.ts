// Writes an evaluation as report.json plus pictures a person can open, and as a text summary.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_NAMES } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import type { EpochRecord } from '../training/train-types.js';
import type { Evaluation } from './evaluate.js';
import { plotConfusion } from './plots/confusion-plot.js';
import { plotCurves } from './plots/curves-plot.js';
import { plotMistakes } from './plots/mistakes-plot.js';

export const REPORT_FILES = { json: 'report.json', confusion: 'confusion-matrix.png', curves: 'training-curves.png', mistakes: 'worst-mistakes.png' };

export async function writeReport(dir: string, modelId: string, evaluation: Evaluation, test: Split, history: EpochRecord[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written = [join(dir, REPORT_FILES.json)];
  writeFileSync(written[0], `${JSON.stringify({ modelId, date: new Date().toISOString(), ...evaluation }, null, 1)}\n`);
  const acc = `${(evaluation.accuracy * 100).toFixed(2)}%`;
  await plotConfusion(evaluation.confusion, CLASS_NAMES, `${modelId}: confusion on ${evaluation.count} test images (${acc})`, join(dir, REPORT_FILES.confusion));
  written.push(join(dir, REPORT_FILES.confusion));
  if (history.length > 0) {
    await plotCurves(history, `${modelId}: training curves`, join(dir, REPORT_FILES.curves));
    written.push(join(dir, REPORT_FILES.curves));
  }
  await plotMistakes(evaluation.mistakes, test.images, CLASS_NAMES, `${modelId}: most confident mistakes`, join(dir, REPORT_FILES.mistakes));
  written.push(join(dir, REPORT_FILES.mistakes));
  return written;
}

const pct = (v: number) => `${(v * 100).toFixed(2)}%`.padStart(7);

export function summarize(e: Evaluation): string[] {
  const lines = [`test accuracy ${pct(e.accuracy).trim()} on ${e.count} images`, '', 'class          precision  recall      F1  support'];
  for (const c of e.perClass) lines.push(`${c.name.padEnd(14)} ${pct(c.precision)} ${pct(c.recall)} ${pct(c.f1)} ${String(c.support).padStart(8)}`);
  const cal = e.calibration;
  lines.push('', `calibration: temperature ${cal.temperature.toFixed(3)}; NLL ${cal.nllRaw.toFixed(4)} → ${cal.nllCalibrated.toFixed(4)}; ECE ${pct(cal.eceRaw).trim()} → ${pct(cal.eceCalibrated).trim()}`);
  lines.push('', 'threshold  sorted  accuracy of sorted  to reject bin');
  for (const r of e.coverage) {
    const acc = r.accuracy === null ? '—' : pct(r.accuracy);
    lines.push(`${r.threshold.toFixed(2).padStart(9)} ${pct(r.coverage)} ${acc.padStart(19)} ${String(r.rejected).padStart(14)}`);
  }
  return lines;
}
