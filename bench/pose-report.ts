// The pose benchmark's figures as the table `npm run bench` prints.
export interface PoseFigures {
  modelId: string; frames: number; seed: number; firstIndex: number; rule: string;
  rawAccuracy: number; randomAngleAccuracy: number; otherCameraRandomAngleAccuracy: number;
  byMethod: Record<string, number>; byRule: Record<string, number>;
  buckets: { from: number; to: number; frames: number; accuracy: number; rawAccuracy: number }[];
  agreementSweep: { minAgreement: number; rejected: number; acceptedAccuracy: number }[];
  real: { total: number; angles: number[]; correctByAngle: Record<string, number> };
  latency: { oneViewMedianMs: number; oneViewP99Ms: number; fourViewsMedianMs: number; fourViewsP99Ms: number; fourSeparateMedianMs: number };
}

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
const pad = (s: string, n: number) => s.padEnd(n);

export function poseLines(p: PoseFigures): string[] {
  const lines = [`Garments at any angle (${p.modelId}; ${p.frames} test garments from image ${p.firstIndex}, seed ${p.seed}, each at a random angle 0–360°)`];
  lines.push(`the same images as raw upright 28×28: ${pct(p.rawAccuracy)}; as frames at random angles: ${pct(p.randomAngleAccuracy)} (gap ${((p.rawAccuracy - p.randomAngleAccuracy) * 100).toFixed(1)} points)`);
  lines.push(`  the same garments through another camera (green tray, soft focus, small garments), random angles: ${pct(p.otherCameraRandomAngleAccuracy)}`);
  lines.push(`  by pose method (rule ${p.rule}): ${Object.entries(p.byMethod).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}`);
  lines.push(`  by combining rule (method rect): ${Object.entries(p.byRule).map(([k, v]) => `${k} ${pct(v)}`).join(', ')}`);
  lines.push(`${pad('angle', 12)}${pad('frames', 8)}${pad('right', 9)}raw 28×28`);
  for (const b of p.buckets) lines.push(`${pad(`${b.from}–${b.to}°`, 12)}${pad(String(b.frames), 8)}${pad(pct(b.accuracy), 9)}${pct(b.rawAccuracy)}`);
  lines.push('views must agree (pose.minAgreement), with the 0.6 confidence threshold:');
  for (const a of p.agreementSweep) lines.push(`  at least ${pad(`${a.minAgreement * 100}%`, 5)} rejected ${pad(pct(a.rejected), 7)} right among the sorted ${pct(a.acceptedAccuracy)}`);
  lines.push(`real photos (${p.real.total}) turned with their border colour in the corners, right at each angle: ${p.real.angles.map((a) => `${a}° ${p.real.correctByAngle[a] ?? 0}`).join(', ')}`);
  const l = p.latency;
  lines.push(`classifier: 1 view ${l.oneViewMedianMs.toFixed(2)} ms median (p99 ${l.oneViewP99Ms.toFixed(2)}), 4 views as the sorter scores them (the upright finder's batch, then the garment model on the views it leaves in; without a finder all 4 in one batch) ${l.fourViewsMedianMs.toFixed(2)} ms (p99 ${l.fourViewsP99Ms.toFixed(2)}), the garment model alone on 4 views one by one ${l.fourSeparateMedianMs.toFixed(2)} ms`);
  return lines;
}
