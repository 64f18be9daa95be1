// Old model against new, on the same images: Fashion-MNIST's test set and, when given, the
// user's held-out garments, each scored as the sorter scores a garment (its four views).
// `eval --against` prints it; `push --gate` refuses a worse model.
import type * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT, CLASS_NAMES } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { accuracyOf, argmaxRows } from './metrics.js';
import { formatRange, gainInterval, type GainInterval } from './gain-interval.js';
import { predictSplit } from './predict.js';
import { predictViewClasses, type SortingModel } from './predict-views.js';

export interface SideBySide { old: number; new: number }

export interface Comparison {
  fashionMnist: SideBySide;
  heldOut?: SideBySide & { photos: number; gain?: GainInterval };
  /** Per class on the held-out garments when given, else on Fashion-MNIST. */
  perClass: ({ name: string; count: number } & SideBySide)[];
}

function perClass(labels: Uint8Array, a: Int32Array | Uint8Array, b: Int32Array | Uint8Array): Comparison['perClass'] {
  return CLASS_NAMES.map((name, c) => {
    let count = 0; let hitsA = 0; let hitsB = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) { count++; if (a[i] === c) hitsA++; if (b[i] === c) hitsB++; }
    return { name, count, old: count ? hitsA / count : NaN, new: count ? hitsB / count : NaN };
  });
}

/** The class each image of `split` is given. */
export const predictClasses = (model: tf.LayersModel, split: Split) => argmaxRows(predictSplit(model, split), CLASS_COUNT);

/**
 * `heldOutGarments` (each held-out photo's garment) adds the gain's 95% range over garments.
 * `onProgress` hears the share of the work done (0…1): four views of 10,000 images through two
 * models take half a minute on a small machine.
 */
export function compareModels(oldModel: SortingModel, newModel: SortingModel, test: Split, heldOut?: Split, heldOutGarments?: string[], onProgress?: (fraction: number) => void): Comparison {
  const total = 2 * (test.count + (heldOut?.count ?? 0));
  let finished = 0;
  const classify = (model: SortingModel, split: Split) => {
    const out = predictViewClasses(model, split, undefined, (done) => onProgress?.((finished + done) / total));
    finished += split.count;
    return out;
  };
  const [oldTest, newTest] = [classify(oldModel, test), classify(newModel, test)];
  const result: Comparison = {
    fashionMnist: { old: accuracyOf(test.labels, oldTest), new: accuracyOf(test.labels, newTest) },
    perClass: perClass(test.labels.subarray(0, test.count), oldTest, newTest),
  };
  if (heldOut && heldOut.count > 0) {
    const [oldHeld, newHeld] = [classify(oldModel, heldOut), classify(newModel, heldOut)];
    const labels = heldOut.labels.subarray(0, heldOut.count);
    result.heldOut = {
      old: accuracyOf(labels, oldHeld), new: accuracyOf(labels, newHeld), photos: heldOut.count,
      ...(heldOutGarments ? { gain: gainInterval(labels, oldHeld, newHeld, heldOutGarments) } : {}),
    };
    result.perClass = perClass(labels, oldHeld, newHeld);
  }
  return result;
}

const pct = (v: number) => (Number.isNaN(v) ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`);
const delta = (s: SideBySide) => (Number.isNaN(s.old) || Number.isNaN(s.new) ? '' : `${s.new >= s.old ? '+' : ''}${((s.new - s.old) * 100).toFixed(1)}`);

export function formatComparison(c: Comparison, oldId: string, newId: string): string[] {
  const lines = [`${''.padEnd(26)}${oldId.slice(0, 24).padEnd(26)}${newId.slice(0, 24).padEnd(26)}change`];
  lines.push(`${'Fashion-MNIST test, 4 views'.padEnd(26)}${pct(c.fashionMnist.old).padEnd(26)}${pct(c.fashionMnist.new).padEnd(26)}${delta(c.fashionMnist)}`);
  if (c.heldOut) {
    const range = c.heldOut.gain ? ` (95% over garments: ${formatRange(c.heldOut.gain)})` : '';
    lines.push(`${`your held-out (${c.heldOut.photos})`.padEnd(26)}${pct(c.heldOut.old).padEnd(26)}${pct(c.heldOut.new).padEnd(26)}${delta(c.heldOut)}${range}`);
  }
  lines.push('', `per class, on ${c.heldOut ? 'your held-out garments' : 'Fashion-MNIST'}:`);
  for (const p of c.perClass) if (p.count > 0) lines.push(`  ${`${p.name} (${p.count})`.padEnd(24)}${pct(p.old).padEnd(26)}${pct(p.new).padEnd(26)}${delta(p)}`);
  return lines;
}

/** Why `candidate` may not replace the serving model, or undefined if it may. Tolerance in points. */
export function worseBy(c: Comparison, tolerancePoints: number): string | undefined {
  const drop = (s: SideBySide) => (s.old - s.new) * 100;
  if (c.heldOut && drop(c.heldOut) > tolerancePoints) return `it is ${drop(c.heldOut).toFixed(1)} points worse on your held-out garments (${pct(c.heldOut.old).trim()} → ${pct(c.heldOut.new).trim()})`;
  if (drop(c.fashionMnist) > tolerancePoints) return `it is ${drop(c.fashionMnist).toFixed(1)} points worse on Fashion-MNIST (${pct(c.fashionMnist.old).trim()} → ${pct(c.fashionMnist.new).trim()})`;
  return undefined;
}
