// A precise judge for the domain-shift proof. The proof's held-out part has 150 to 600 garments,
// which pins a gain only to ±2 to ±5 points. The judge renders up to 2,500 further Fashion-MNIST
// test garments in the same shifted style, one photo each, none of them ever collected, and
// scores old and new model on them: about ±1.2 points.
import type * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { accuracyOf } from '../evaluation/metrics.js';
import { predictClasses } from '../evaluation/compare-models.js';
import { gainInterval, type GainInterval } from '../evaluation/gain-interval.js';
import { preprocessFrame } from '../preprocess/preprocess.js';
import { Random } from '../training/random.js';
import { renderFrame } from './render-frame.js';
import { shiftedStyle } from './shifted-style.js';

export const JUDGE_MAX = 2500;

/**
 * Test indices 1, 5, 9, …: the proof collects every `step`-th garment from 0, and for 600, 1,200
 * or 2,400 garments that step is a multiple of 4, so the two never meet. For other sizes the
 * collected indices are skipped, so the judge never scores a garment the model trained on.
 */
export function judgeIndices(count: number, testCount: number, collected: { garments: number; step: number }): number[] {
  const picked: number[] = [];
  for (let i = 1; i < testCount && picked.length < count; i += 4) {
    const wasCollected = i % collected.step === 0 && i / collected.step < collected.garments;
    if (!wasCollected) picked.push(i);
  }
  return picked;
}

/** One shifted photo of each garment, through the preprocessing; garments taken for empty are left out. */
export async function renderJudge(test: Split, indices: readonly number[], onProgress?: (done: number) => void): Promise<Split> {
  // Fixed seeds, apart from the proof's own, so every run is judged on the very same frames.
  const rng = new Random(4242);
  const images = new Uint8Array(indices.length * PIXELS);
  const labels = new Uint8Array(indices.length);
  let kept = 0;
  for (const [k, i] of indices.entries()) {
    const frame = await renderFrame(test.images.subarray(i * PIXELS, (i + 1) * PIXELS), shiftedStyle(rng), 900_000 + i);
    const seen = await preprocessFrame(frame);
    if (seen.kind === 'garment') {
      images.set(seen.pixels, kept * PIXELS);
      labels[kept++] = test.labels[i];
    }
    onProgress?.(k + 1);
  }
  return { count: kept, images: images.slice(0, kept * PIXELS), labels: labels.slice(0, kept) };
}

export interface Judgement { garments: number; before: number; after: number; gain: GainInterval }

export function judge(before: tf.LayersModel, after: tf.LayersModel, judged: Split): Judgement {
  const old = predictClasses(before, judged);
  const now = predictClasses(after, judged);
  const garments = Array.from({ length: judged.count }, (_, i) => String(i));
  return { garments: judged.count, before: accuracyOf(judged.labels, old), after: accuracyOf(judged.labels, now), gain: gainInterval(judged.labels, old, now, garments) };
}
