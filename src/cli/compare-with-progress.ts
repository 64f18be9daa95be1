// The side-by-side comparison `push` and `eval --against` run, behind a progress bar: four
// views of up to 10,000 images through two models take half a minute on a small machine.
import type * as tf from '@tensorflow/tfjs';
import type { Split } from '../dataset/fashion-mnist.js';
import { compareModels, type Comparison } from '../evaluation/compare-models.js';
import type { SortingModel } from '../evaluation/predict-views.js';
import type { Extra } from './fine-tune.js';
import { ProgressBar } from './progress-bar.js';

export function compareWithProgress(older: SortingModel, newer: SortingModel, test: Split, extra?: Extra): Comparison {
  const bar = new ProgressBar();
  const what = `both models, four views of ${test.count} test images${extra ? ' and your held-out garments' : ''}`;
  const c = compareModels(older, newer, test, extra?.heldOut, extra?.heldOutGarments, (f) => bar.update(f, 'comparing', what));
  bar.done();
  return c;
}
