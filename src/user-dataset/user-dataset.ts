// The user's own garments on the workstation: a plain folder people can open and edit.
//
//   DATASET/
//     samples.csv        one row per garment photo (columns below), sorted by id
//     images/<id>.png    the 28×28, garment bright on black, as the model sees it
//     frames/<id>.jpg    the camera frame, when the sorter kept it
//
// `garment` groups photos of one physical garment (a `capture --count N` series shares one),
// so train and held-out parts can be split by garment, never by photo.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLASS_NAMES } from '../dataset/classes.js';

export interface UserSample {
  id: string;
  label: number;
  predicted: number | null;
  confidence: number | null;
  modelId: string;
  timestamp: string;
  garment: string;
  source: string;
  /** The colour group the sorter measured (white, light, dark, colour, mixed, unknown), if it did. */
  colour?: string;
}

export const CSV_FILE = 'samples.csv';
const COLUMNS = ['id', 'label', 'label_name', 'predicted', 'predicted_name', 'confidence', 'model_id', 'timestamp', 'garment', 'source', 'colour'] as const;

function cell(v: string | number | null): string {
  const text = v === null ? '' : String(v);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function parseLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

export function readUserDataset(dir: string): Map<string, UserSample> {
  const samples = new Map<string, UserSample>();
  const path = join(dir, CSV_FILE);
  if (!existsSync(path)) return samples;
  const [header, ...rows] = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const at = Object.fromEntries(parseLine(header).map((name, i) => [name, i]));
  for (const [n, row] of rows.entries()) {
    const f = parseLine(row);
    const label = Number(f[at.label]);
    if (!f[at.id] || !Number.isInteger(label) || label < 0 || label >= CLASS_NAMES.length) throw new Error(`${path}:${n + 2}: needs an id and a label 0–9`);
    const num = (v: string | undefined) => (v === undefined || v === '' ? null : Number(v));
    samples.set(f[at.id], {
      id: f[at.id], label, predicted: num(f[at.predicted]), confidence: num(f[at.confidence]), modelId: f[at.model_id] ?? '',
      timestamp: f[at.timestamp] ?? '', garment: f[at.garment] || f[at.id], source: f[at.source] ?? '',
      // Folders pulled before colour existed have no such column.
      ...(at.colour !== undefined && f[at.colour] ? { colour: f[at.colour] } : {}),
    });
  }
  return samples;
}

export function writeUserDataset(dir: string, samples: Map<string, UserSample>): void {
  mkdirSync(dir, { recursive: true });
  const rows = [...samples.values()].sort((a, b) => a.id.localeCompare(b.id)).map((s) => [
    s.id, s.label, CLASS_NAMES[s.label], s.predicted, s.predicted === null ? null : CLASS_NAMES[s.predicted], s.confidence, s.modelId, s.timestamp, s.garment, s.source, s.colour ?? null,
  ].map(cell).join(','));
  const temp = join(dir, `${CSV_FILE}.tmp`);
  writeFileSync(temp, `${COLUMNS.join(',')}\n${rows.map((r) => `${r}\n`).join('')}`);
  renameSync(temp, join(dir, CSV_FILE));
}
