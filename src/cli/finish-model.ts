// After training: calibrate and evaluate the best weights, package them as a model directory
// (<out>/model) and write the report with pictures (<out>/report).
import { join } from 'node:path';
import type { FashionMnist, Split } from '../dataset/fashion-mnist.js';
import { evaluateProbabilities } from '../evaluation/evaluate.js';
import { predictSplit } from '../evaluation/predict.js';
import { summarize, writeReport } from '../evaluation/report.js';
import { storeAsFloat16, type WeightStorage } from '../model/float16-weights.js';
import { loadModel } from '../model/model-files.js';
import { packageModel } from '../model/package-model.js';
import type { AverageRecord, EpochRecord, TrainSettings } from '../training/train-types.js';

export interface FinishInput {
  /** The weights to package: TrainResult.weightsDir. */
  weightsDir: string;
  outDir: string; data: FashionMnist; validation: Split; settings: TrainSettings; history: EpochRecord[];
  bestEpoch: number; average?: AverageRecord; backend: string; log: (line: string) => void;
  /** float16 halves the weights on disk; everything recorded is then measured on them as stored. */
  storage?: WeightStorage;
}

export async function finishModel(input: FinishInput): Promise<void> {
  let { weightsDir } = input;
  if (input.storage === 'float16') {
    const halfDir = join(input.outDir, 'float16');
    const { before, after } = storeAsFloat16(weightsDir, halfDir);
    input.log(`weights stored as float16: ${(before / 1e6).toFixed(2)} MB → ${(after / 1e6).toFixed(2)} MB; the figures below are measured on them`);
    weightsDir = halfDir;
  }
  const model = await loadModel(weightsDir);
  const validationProbs = predictSplit(model, input.validation);
  const testProbs = predictSplit(model, input.data.test);
  const modelDir = join(input.outDir, 'model');
  const { manifest, evaluation } = packageModel({
    weightsDir, outDir: modelDir, model, validationProbs, validation: input.validation, testProbs,
    evaluation: (t) => evaluateProbabilities(testProbs, input.data.test, t),
    data: input.data, settings: input.settings, history: input.history, bestEpoch: input.bestEpoch, average: input.average, backend: input.backend,
  });
  model.dispose();
  const written = await writeReport(join(input.outDir, 'report'), manifest.modelId, evaluation, input.data.test, input.history);
  for (const line of summarize(evaluation)) input.log(line);
  input.log(`\nmodel ${manifest.modelId} → ${modelDir}`);
  input.log(`report → ${written.join(', ')}`);
}
