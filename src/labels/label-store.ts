// Corrections people make: "that garment was really a Coat". Appended as JSON lines to
// labels.jsonl in the sample store, with what the model said, so retraining can use them.
import { CLASS_NAMES } from '../dataset/classes.js';

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

/** A class given by name (any case) or index. */
export function classIndex(value: string | number): number {
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= 0 && value < CLASS_NAMES.length) return value;
  } else {
    const i = CLASS_NAMES.findIndex((n) => n.toLowerCase() === value.trim().toLowerCase());
    if (i >= 0) return i;
  }
  throw new Error(`unknown class ${JSON.stringify(value)}; use one of ${CLASS_NAMES.join(', ')} or 0–${CLASS_NAMES.length - 1}`);
}
