// Which bin a garment goes to. Pure, so every rule is testable without hardware.
import type { Classification } from '../classifier/classifier.js';
import type { Config } from '../config/schema.js';
import type { Action } from '../mqtt/topics.js';
import type { ColourGroup } from '../colour/colour-group.js';
import { binRules, firstMatch } from '../sorting/bin-rules.js';

export type RejectReason = 'low confidence' | 'views disagree' | 'no bin takes the class';

export interface BinChoice { bin: string; action: Exclude<Action, 'empty'>; reason?: RejectReason }

/**
 * `agreement`: share of the garment's views that agree (1 for a single view); below
 * `minAgreement` it has no readable pose. `colour`: its colour group, for rules that ask.
 */
export function pickBin(c: Classification, sorting: Config['sorting'], agreement = 1, minAgreement = 0, colour: ColourGroup | 'unknown' = 'unknown'): BinChoice {
  if (c.confidence < sorting.threshold) return { bin: sorting.rejectBin, action: 'rejected', reason: 'low confidence' };
  if (agreement < minAgreement) return { bin: sorting.rejectBin, action: 'rejected', reason: 'views disagree' };
  const bin = firstMatch(binRules(sorting.bins), c.className, colour);
  if (bin) return { bin, action: 'sorted' };
  // A garment no bin takes is not sortable: it goes where uncertain garments go.
  return { bin: sorting.rejectBin, action: 'rejected', reason: 'no bin takes the class' };
}
