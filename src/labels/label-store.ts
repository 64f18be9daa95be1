// Corrections people make: "that garment was really a Coat". Appended as JSON lines to
// labels.jsonl in the sample store, with what the model said, so retraining can use them.
import { CLASS_CHOICES, parseClass } from '../dataset/class-value.js';

export const LABELS_FILE = 'labels.jsonl';

export interface LabelRecord {
  decisionId: string;
  label: number;
  labelName: string;
  predicted: number | null;
  predictedName: string | null;
  confidence: number | null;
  modelId: string;
  decidedAt: string;
  labelledAt: string;
}

/** A class given by name (any case) or index (a number, or digits). */
export function classIndex(value: string | number): number {
  const i = parseClass(value);
  if (i === undefined) throw new Error(`unknown class ${JSON.stringify(value)}; use ${CLASS_CHOICES}`);
  return i;
}
