// One garment: capture → preprocess → classify → choose a bin → drive its output. Timed at
// every step; the result is the decision that gets published.
import type { Camera, Frame } from '../camera/camera.js';
import type { Classifier } from '../classifier/classifier.js';
import type { Config } from '../config/schema.js';
import type { Bins } from '../gpio/bins.js';
import type { Decision } from '../mqtt/topics.js';
import { preprocessFrame, type PreprocessOptions } from '../preprocess/preprocess.js';
import { decisionId } from './decision-id.js';
import { pickBin } from './pick-bin.js';
import type { CombineChoice } from '../pose/combine-views.js';
import { viewAt } from '../pose/views.js';
import { decisionPose } from '../pose/decision-pose.js';
import { DEFAULT_COMBINE_RULE } from '../classifier/classifier.js';

export interface CycleParts {
  camera: Camera;
  classifier: Classifier;
  bins: Bins;
  sorting: Config['sorting'];
  preprocess: PreprocessOptions;
  /** How the views' opinions combine, and how much they must agree (config `pose`). */
  pose?: PoseRule;
  /**
   * Called with the decision just before its bin moves (the journal writes it here), so no
   * garment can move a bin without a record. Its timings then lack the actuation, which is
   * filled in on the same object afterwards.
   */
  beforeActuate?: (decision: Decision) => void;
}

export interface PoseRule { combine: CombineChoice; minAgreement: number }
export const DEFAULT_POSE_RULE: PoseRule = { combine: DEFAULT_COMBINE_RULE, minAgreement: 0.5 };

export interface CycleResult { decision: Decision; frame: Frame; pixels?: Uint8Array }

const round = (ms: number) => Math.round(ms * 1000) / 1000;

export async function sortOnce(parts: CycleParts, now: () => number = () => performance.now()): Promise<CycleResult> {
  const t0 = now();
  const frame = await parts.camera.capture();
  const t1 = now();
  const seen = await preprocessFrame(frame.bytes, parts.preprocess);
  const t2 = now();
  const base = { id: decisionId(), timestamp: new Date().toISOString(), modelId: parts.classifier.modelId };
  if (seen.kind === 'empty') {
    const timings = { capture: round(t1 - t0), preprocess: round(t2 - t1), infer: 0, actuate: 0, total: round(t2 - t0) };
    return { frame, decision: { ...base, action: 'empty', class: null, name: null, confidence: null, probabilities: null, bin: null, pose: null, ...(parts.preprocess.colour === false ? {} : { colour: null }), timings } };
  }
  const rule = parts.pose ?? DEFAULT_POSE_RULE;
  const c = parts.classifier.classifyViews(seen.views, rule.combine, { threshold: parts.sorting.threshold, minAgreement: rule.minAgreement });
  const t3 = now();
  const choice = pickBin(c, parts.sorting, c.agreement, rule.minAgreement, seen.colour?.group ?? 'unknown');
  const pose = decisionPose(seen.pose, seen.views, c);
  const timings = { capture: round(t1 - t0), preprocess: round(t2 - t1), infer: round(t3 - t2), actuate: 0, total: round(t3 - t0) };
  const decision: Decision = {
    ...base, action: choice.action, class: c.classIndex, name: c.className, confidence: c.confidence,
    probabilities: c.probabilities, bin: choice.bin, ...(choice.reason ? { reason: choice.reason } : {}), pose, ...(seen.colour ? { colour: seen.colour } : {}), timings,
  };
  parts.beforeActuate?.(decision);
  await parts.bins.actuate(choice.bin);
  const t4 = now();
  timings.actuate = round(t4 - t3);
  timings.total = round(t4 - t0);
  // The view the decision rests on: what a person checking a mistake wants to see.
  return { frame, pixels: viewAt(seen.views, c.view), decision };
}
