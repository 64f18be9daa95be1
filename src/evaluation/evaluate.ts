// Everything `eval` reports about a model on the test set, given its calibration temperature.
import { CLASS_COUNT, CLASS_NAMES } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { applyTemperature, expectedCalibrationError, negativeLogLikelihood } from './calibration.js';
import { accuracyOf, argmaxRows, confusionMatrix, coverageTable, perClassMetrics, type ClassMetrics, type CoverageRow } from './metrics.js';
import { worstMistakes, type Mistake } from './plots/mistakes-plot.js';

export interface Evaluation {
  count: number;
  accuracy: number;
  perClass: ClassMetrics[];
  confusion: number[][];
  calibration: { temperature: number; nllRaw: number; nllCalibrated: number; eceRaw: number; eceCalibrated: number };
  /** With calibrated confidences: what a reject threshold would do. */
  coverage: CoverageRow[];
  mistakes: Mistake[];
}

export function evaluateProbabilities(rawProbs: Float32Array, split: Split, temperature: number, mistakes = 24): Evaluation {
  const labels = split.labels;
  const calibrated = applyTemperature(rawProbs, temperature, CLASS_COUNT);
  const predicted = argmaxRows(calibrated, CLASS_COUNT);
  const confusion = confusionMatrix(labels, predicted, CLASS_COUNT);
  return {
    count: split.count,
    accuracy: accuracyOf(labels, predicted),
    perClass: perClassMetrics(confusion, CLASS_NAMES),
    confusion,
    calibration: {
      temperature,
      nllRaw: negativeLogLikelihood(rawProbs, labels, CLASS_COUNT, 1),
      nllCalibrated: negativeLogLikelihood(rawProbs, labels, CLASS_COUNT, temperature),
      eceRaw: expectedCalibrationError(rawProbs, labels, CLASS_COUNT),
      eceCalibrated: expectedCalibrationError(calibrated, labels, CLASS_COUNT),
    },
    coverage: coverageTable(calibrated, labels, CLASS_COUNT),
    mistakes: worstMistakes(calibrated, labels, predicted, CLASS_COUNT, mistakes),
  };
}
