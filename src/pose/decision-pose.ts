// The pose as a decision records it (and `classify --json` prints it): how the garment lay,
// the whole turn from the frame to the view that decided, how much the views agreed, and the
// rule that weighed them.
import { PIXELS } from '../dataset/classes.js';
import type { DecisionPose } from '../mqtt/topics.js';
import type { GarmentPose } from './garment-pose.js';
import { VIEW_TURNS, type ViewCount } from './views.js';

/** `views`: the views scored (784 bytes each); `decided`: which of them won, and the views' agreement. */
export function decisionPose(pose: GarmentPose, views: Uint8Array, decided: { view: number; agreement: number; rule?: DecisionPose['rule']; uprightWeights?: number[] }): DecisionPose {
  const view = VIEW_TURNS[(views.length / PIXELS) as ViewCount][decided.view];
  return {
    orientation: pose.orientation, turn: Math.round((((pose.turn + view) % 360) + 360) % 360 * 10) / 10, view, mirrored: false,
    agreement: decided.agreement, ...(decided.rule ? { rule: decided.rule } : {}),
    ...(decided.uprightWeights ? { upright: Math.round(decided.uprightWeights[decided.view] * 1000) / 1000 } : {}),
    method: pose.method, ...(pose.fallback ? { fallback: pose.fallback } : {}),
  };
}
