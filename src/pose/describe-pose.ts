// The pose in words, for the CLI: how the garment lay, how it was turned, which view won.
import type { GarmentPose } from './garment-pose.js';

export function describePose(pose: GarmentPose, view?: number, agreement?: number, views?: number): string {
  const lay = pose.fallback
    ? `left as it lay (${pose.fallback})`
    : pose.turn === 0 ? `lay straight (${pose.orientation}°, within 5°)` : `lay at ${pose.orientation}°, turned ${pose.turn > 0 ? '+' : ''}${pose.turn}° to straighten`;
  if (view === undefined) return lay;
  const side = view === 0 ? 'as straightened' : `turned a further ${view}°`;
  const agree = agreement !== undefined && views !== undefined ? `; ${Math.round(agreement * views)} of ${views} views agree` : '';
  return `${lay}; decided ${side}${agree}`;
}
