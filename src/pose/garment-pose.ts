// How far to turn a garment so its edges line up with the image's axes, from its mask alone.
// Only the angle within a quarter turn is decided here: which side is up is left to the
// classifier, which scores all four quarter turns at once (views.ts, combine-views.ts).
import { maskMoments, minAreaRect, normaliseQuarterTurn } from './mask-shape.js';

/** `rect`: the minimum-area rectangle's sides; `axis`: the principal axis of the mask's moments. */
export type PoseMethod = 'rect' | 'axis';
export const POSE_METHODS: readonly PoseMethod[] = ['rect', 'axis'];

/** Fewer mask pixels than this, at the working size, give no trustworthy direction. */
export const MIN_POSE_AREA = 60;
/** A mask narrower than this (working pixels, across its rectangle) is a sock or a belt: too thin to turn. */
export const MIN_POSE_BREADTH = 4;

/**
 * Garments within this many degrees of straight are left as they lie: the model is trained on
 * turns of up to ±10°, and a resampling turn costs the 28×28 some sharpness (measured: a 2° turn
 * took a rendered shirt's correlation with its Fashion-MNIST original from 0.90 to 0.74).
 */
export const MIN_TURN = 5;

export interface GarmentPose {
  /** The garment's estimated direction in the frame: degrees counter-clockwise, (−45, 45]. */
  orientation: number;
  /** The turn applied to put it straight: degrees counter-clockwise (the negated orientation, or 0). */
  turn: number;
  method: PoseMethod;
  /** Why the garment was left as it lies, when it was. */
  fallback?: string;
}

export function estimatePose(mask: Uint8Array, width: number, height: number, method: PoseMethod = 'rect'): GarmentPose {
  const moments = maskMoments(mask, width, height);
  if (moments.area < MIN_POSE_AREA) {
    return { orientation: 0, turn: 0, method, fallback: `mask too small for an orientation (${moments.area} px < ${MIN_POSE_AREA})` };
  }
  const rect = minAreaRect(mask, width, height);
  if (Math.min(rect.length, rect.breadth) < MIN_POSE_BREADTH) {
    return { orientation: 0, turn: 0, method, fallback: `mask too thin for an orientation (${Math.min(rect.length, rect.breadth).toFixed(1)} px across)` };
  }
  const orientation = method === 'rect' ? rect.angle : normaliseQuarterTurn(moments.axis);
  // +0 turns −0 into 0, which reads better in a decision.
  const turn = Math.abs(orientation) < MIN_TURN ? 0 : round1(-orientation) + 0;
  return { orientation: round1(orientation) + 0, turn, method };
}

const round1 = (v: number) => Math.round(v * 10) / 10;
