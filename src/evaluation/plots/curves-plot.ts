import type { EpochRecord } from '../../training/train-types.js';
import { svgDocument, text, writePng } from './svg.js';

interface Series { label: string; color: string; values: number[]; dashed?: boolean }

function panel(x0: number, y0: number, w: number, h: number, title: string, series: Series[], percent: boolean): string[] {
  const all = series.flatMap((s) => s.values).filter(Number.isFinite);
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-6) { lo -= 0.5; hi += 0.5; }
  const pad = (hi - lo) * 0.08;
  lo -= pad; hi += pad;
  const epochs = Math.max(...series.map((s) => s.values.length));
  const px = (i: number) => x0 + (epochs <= 1 ? w / 2 : (i / (epochs - 1)) * w);
  const py = (v: number) => y0 + h - ((v - lo) / (hi - lo)) * h;
  const out = [text(x0, y0 - 12, title, { 'font-size': 14, 'font-weight': 'bold' })];
  out.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="none" stroke="#ccc"/>`);
  for (let t = 0; t <= 4; t++) {
    const v = lo + ((hi - lo) * t) / 4;
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${py(v)}" y2="${py(v)}" stroke="#eee"/>`);
    out.push(text(x0 - 6, py(v) + 4, percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(3), { 'text-anchor': 'end', 'font-size': 10, fill: '#666' }));
  }
  for (let e = 0; e < epochs; e++) out.push(text(px(e), y0 + h + 14, String(e + 1), { 'text-anchor': 'middle', 'font-size': 10, fill: '#666' }));
  out.push(text(x0 + w / 2, y0 + h + 30, 'epoch', { 'text-anchor': 'middle', 'font-size': 11, fill: '#555' }));
  series.forEach((s, k) => {
    const pts = s.values.map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,4"' : ''}/>`);
    s.values.forEach((v, i) => out.push(`<circle cx="${px(i)}" cy="${py(v)}" r="2.5" fill="${s.color}"/>`));
    out.push(`<line x1="${x0 + 10}" x2="${x0 + 30}" y1="${y0 + 14 + k * 16}" y2="${y0 + 14 + k * 16}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,4"' : ''}/>`);
    out.push(text(x0 + 36, y0 + 18 + k * 16, s.label, { 'font-size': 11 }));
  });
  return out;
}

/** Loss and accuracy per epoch, training (dashed) against validation. */
export async function plotCurves(history: EpochRecord[], title: string, path: string): Promise<void> {
  const body = [
    text(20, 24, title, { 'font-size': 16, 'font-weight': 'bold' }),
    ...panel(70, 70, 380, 240, 'Loss', [
      { label: 'training', color: '#d9480f', values: history.map((h) => h.loss), dashed: true },
      { label: 'validation', color: '#1c7ed6', values: history.map((h) => h.valLoss) },
    ], false),
    ...panel(560, 70, 380, 240, 'Accuracy', [
      { label: 'training', color: '#d9480f', values: history.map((h) => h.accuracy), dashed: true },
      { label: 'validation', color: '#1c7ed6', values: history.map((h) => h.valAccuracy) },
    ], true),
  ];
  await writePng(svgDocument(980, 370, body), path);
}
