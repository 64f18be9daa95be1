// The model as the sorter uses it: loaded only after its manifest and checksums check out,
// warmed up so the first garment is not slow, and with calibrated confidences.
import type * as tf from '@tensorflow/tfjs';
import { PIXELS } from '../dataset/classes.js';
import { applyTemperature } from '../evaluation/calibration.js';
import { decodeGolden } from '../model/verify-model.js';
import type { Manifest } from '../model/manifest.js';
import { buildFusedForward } from '../model/fused-forward.js';
import { buildFusedGraph } from '../model/fused-graph.js';
import { predictBatch, predictOne, type Forward } from '../model/predict-one.js';
import { combineViews, type CombineChoice, type CombineRule } from '../pose/combine-views.js';
import { VIEW_TURNS, type ViewCount } from '../pose/views.js';
import { openSortingModel } from '../upright/sorting-model.js';
import { dropUnlikelyViews, uprightWeights } from '../upright/upright-weights.js';
import { scoreUntilSettled, type DecisionEdges } from './decisive-views.js';

export interface Classification {
  classIndex: number;
  className: string;
  /** Calibrated probability of the chosen class. */
  confidence: number;
  /** All calibrated probabilities, in class order. */
  probabilities: number[];
}

/** A garment classified from several views of it (its quarter turns), in one batched call. */
export interface ViewsClassification extends Classification {
  /** Index of the view that speaks most for the chosen class. */
  view: number;
  /** Share of views whose own top class is the chosen one. */
  agreement: number;
  /**
   * Each view's own calibrated probabilities, in view order; empty for a view the upright
   * finder ruled out (src/upright/upright-weights.ts), which the garment model did not score.
   */
  perView: number[][];
  /** The rule that decided: `auto` resolved, and `upright` without a finder falls back to `max`. */
  rule: CombineRule;
  /** Under `upright`: how likely each view is the upright one, in view order (0 for a view ruled out). */
  uprightWeights?: number[];
}

/** Upright when the model carries an upright finder, else the most confident view. */
export const DEFAULT_COMBINE_RULE: CombineChoice = 'auto';

export interface Classifier {
  readonly modelId: string;
  readonly manifest: Manifest;
  /** `fused` when the batch norms are folded into the layers before them (same outputs, fewer kernels). */
  readonly forward: 'fused' | 'layers';
  /** True when the model carries an upright finder (src/upright), which `auto` then uses. */
  readonly hasUprightFinder: boolean;
  /** `pixels`: 28×28 bytes, garment bright on black, as preprocessing makes them. */
  classify(pixels: Uint8Array): Classification;
  /**
   * `views`: several 28×28 images one after another (preprocessing's quarter turns). With
   * `edges` (the sorter's reject rules), the views the finder left in are scored likeliest first
   * only until the rest could not change the decision (decisive-views.ts).
   */
  classifyViews(views: Uint8Array, rule?: CombineChoice, edges?: DecisionEdges): ViewsClassification;
  dispose(): void;
}

export const WARM_UP_RUNS = 3;
/** The fused pass is used only if it gives the model's own outputs to within float rounding. */
export const FUSED_TOLERANCE = 1e-5;

/** The fused pass when the model allows one and it reproduces model.predict on the golden inputs. */
function fastestForward(model: tf.LayersModel, golden: readonly { pixels: string }[]): { forward?: Forward; dispose: () => void } {
  const fused = buildFusedForward(model) ?? buildFusedGraph(model);
  if (!fused) return { dispose: () => {} };
  for (const g of golden) {
    const pixels = decodeGolden(g.pixels);
    const a = predictOne(model, pixels);
    const b = predictOne(model, pixels, fused.run);
    if (a.some((v, i) => Math.abs(v - b[i]) > FUSED_TOLERANCE)) {
      fused.dispose();
      return { dispose: () => {} };
    }
  }
  return { forward: fused.run, dispose: fused.dispose };
}

/** The views numbered in `which`, one after another: the batch the garment model scores. */
function pickViews(views: Uint8Array, which: readonly number[]): Uint8Array {
  const out = new Uint8Array(which.length * PIXELS);
  which.forEach((v, k) => out.set(views.subarray(v * PIXELS, (v + 1) * PIXELS), k * PIXELS));
  return out;
}

export async function loadClassifier(dir: string): Promise<Classifier> {
  // The same check as `model verify`, golden outputs included: checksums alone pass a model
  // whose weights were replaced and its checksums recomputed to match.
  const { manifest, model, finder } = await openSortingModel(dir, { golden: true });
  const fast = fastestForward(model, manifest.golden);
  // The finder is built like the garment model (conv, pool, BatchNorm, ReLU), so it fuses too.
  const fastFinder = finder ? fastestForward(finder, manifest.upright!.golden) : undefined;
  const runFinder = (views: Uint8Array, count: number) => predictBatch(finder!, views, count, fastFinder?.forward);
  const run = (pixels: Uint8Array) => predictOne(model, pixels, fast.forward);
  // The first predictions compile kernels and allocate; do that now, not on the first garment.
  const runBatch = (pixels: Uint8Array, count: number) => predictBatch(model, pixels, count, fast.forward);
  for (let i = 0; i < WARM_UP_RUNS; i++) run(new Uint8Array(PIXELS));
  // Each batch size (the views the finder leaves in, one to four) is a shape of its own for
  // the kernels: warm them too.
  for (let i = 0; i < WARM_UP_RUNS; i++) for (const n of [2, 3, 4]) runBatch(new Uint8Array(n * PIXELS), n);
  for (let i = 0; i < WARM_UP_RUNS && finder; i++) runFinder(new Uint8Array(4 * PIXELS), 4);
  const classes = manifest.classNames.length;
  const temperature = manifest.calibration.temperature;
  return {
    modelId: manifest.modelId,
    manifest,
    forward: fast.forward ? 'fused' : 'layers',
    hasUprightFinder: finder !== undefined,
    classify(pixels) {
      const probabilities = Array.from(applyTemperature(run(pixels), manifest.calibration.temperature));
      let best = 0;
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
      return { classIndex: best, className: manifest.classNames[best], confidence: probabilities[best], probabilities };
    },
    classifyViews(views, rule = DEFAULT_COMBINE_RULE, edges) {
      const count = views.length / PIXELS;
      if (!Number.isInteger(count) || count < 1) throw new Error(`expected whole 28×28 views, got ${views.length} bytes`);
      // The finder's turns only mean something for the quarter-turn view sets preprocessing makes;
      // without a finder (or such a set) `auto` and `upright` fall back to the most confident view.
      const turns = VIEW_TURNS[count as ViewCount];
      const found = (rule === 'auto' || rule === 'upright') && finder && turns ? dropUnlikelyViews(uprightWeights(runFinder(views, count), turns)) : undefined;
      const used: CombineRule = found ? 'upright' : rule === 'auto' || rule === 'upright' ? 'max' : rule;
      const perView = new Float32Array(count * classes);
      const score = (which: number[]) => {
        const inOrder = which.length === count && which.every((v, k) => v === k);
        const p = applyTemperature(runBatch(inOrder ? views : pickViews(views, which), which.length), temperature, classes);
        which.forEach((v, k) => perView.set(p.subarray(k * classes, (k + 1) * classes), v * classes));
      };
      // Only the views the finder left in are scored, likeliest first: usually one of four.
      const scored = found ? [...found.keys()].filter((v) => found[v] > 0).sort((a, b) => found[b] - found[a]) : [...Array(count).keys()];
      let weights = found;
      if (found && edges && scored.length > 1) weights = scoreUntilSettled(found, scored, perView, classes, score, edges);
      else score(scored);
      const combined = combineViews(perView, count, classes, used, weights);
      const probabilities = Array.from(combined.probabilities);
      let best = 0;
      for (let c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
      return {
        classIndex: best, className: manifest.classNames[best], confidence: probabilities[best], probabilities,
        view: combined.view, agreement: combined.agreement,
        perView: Array.from({ length: count }, (_, v) => (!weights || weights[v] > 0 ? Array.from(perView.subarray(v * classes, (v + 1) * classes)) : [])),
        rule: used,
        ...(weights ? { uprightWeights: Array.from(weights) } : {}),
      };
    },
    dispose: () => { fast.dispose(); fastFinder?.dispose(); model.dispose(); finder?.dispose(); },
  };
}
