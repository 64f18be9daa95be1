// Which bin a garment goes to. Pure, so every rule is testable without hardware.
import type { Classification } from '../classifier/classifier.js';
import type { Config } from '../config/schema.js';
import type { Action } from '../mqtt/topics.js';

export interface BinChoice { bin: string; action: Exclude<Action, 'empty'> }

export function pickBin(c: Classification, sorting: Config['sorting']): BinChoice {
  if (c.confidence < sorting.threshold) return { bin: sorting.rejectBin, action: 'rejected' };
  for (const [bin, classes] of Object.entries(sorting.bins)) {
    if ((classes as string[]).includes(c.className)) return { bin, action: 'sorted' };
  }
  // A class no bin takes is not sortable: it goes where uncertain garments go.
  return { bin: sorting.rejectBin, action: 'rejected' };
}
