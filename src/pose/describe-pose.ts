// The pose in words, for the CLI: how the garment lay, how it was turned, which view won and why.
import type { DecisionPose } from '../mqtt/topics.js';
import type { GarmentPose } from './garment-pose.js';

export function describePose(pose: GarmentPose, decided?: Pick<DecisionPose, 'view' | 'agreement' | 'rule' | 'upright'>, views?: number): string {
  const lay = pose.fallback
    ? `left as it lay (${pose.fallback})`
    : pose.turn === 0 ? `lay straight (${pose.orientation}°, within 5°)` : `lay at ${pose.orientation}°, turned ${pose.turn > 0 ? '+' : ''}${pose.turn}° to straighten`;
  if (!decided) return lay;
  const side = decided.view === 0 ? 'as straightened' : `turned a further ${decided.view}°`;
  const why = decided.upright !== undefined
    ? `; the upright finder is ${Math.round(decided.upright * 100)}% sure that side is up`
    : views !== undefined ? `; ${Math.round(decided.agreement * views)} of ${views} views agree` : '';
  return `${lay}; decided ${side}${why}`;
}
