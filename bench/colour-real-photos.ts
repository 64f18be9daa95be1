// Child process: the colour group of each hand-labelled real photo (test/fixtures/real-photos/
// colour-groups.json, labelled before any colour code existed), through the sorter's own
// preprocessing; a confusion table of the groups.
// Usage: node colour-real-photos.js PHOTOS_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLOUR_GROUPS } from '../src/colour/colour-group.js';
import { preprocessFrame } from '../src/preprocess/preprocess.js';

const dir = process.argv[2];
const labels = JSON.parse(readFileSync(join(dir, 'colour-groups.json'), 'utf8')) as Record<string, string>;
const rows: { file: string; label: string; got: string; detail: string }[] = [];
for (const [file, label] of Object.entries(labels)) {
  const r = await preprocessFrame(new Uint8Array(readFileSync(join(dir, file))));
  const c = r.kind === 'garment' ? r.colour : undefined;
  const got = c ? c.group : 'empty';
  const detail = !c ? '' : c.group === 'unknown' ? c.reason : `${c.name} ${c.rgb} (${c.confidence.toFixed(2)})${'second' in c && c.second ? ` + ${c.second.name} ${c.second.rgb} ${c.second.share}` : ''}`;
  rows.push({ file, label, got, detail });
}
const groups = [...COLOUR_GROUPS, 'unknown', 'empty'];
const confusion = Object.fromEntries(COLOUR_GROUPS.map((g) => [g, Object.fromEntries(groups.map((h) => [h, rows.filter((r) => r.label === g && r.got === h).length]))]));
process.stdout.write(JSON.stringify({ photos: rows.length, right: rows.filter((r) => r.label === r.got).length, confusion, rows }));
