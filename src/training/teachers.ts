// Knowledge distillation: a few trained models (the teachers) look at every augmented batch
// and their agreed answer becomes part of the student's target. An ensemble of nets is
// steadier than any one of them; distilling it hands much of that to one net that costs
// what one net costs at the sorter (docs/model.md measures it).
import * as tf from '@tensorflow/tfjs';
import { CLASS_COUNT } from '../dataset/classes.js';
import { toInputTensor } from './batch-loss.js';

export interface DistillSettings {
  /** The teachers' model directories, as given: a resumed run loads them again from here. */
  teachers: string[];
  /** Their model ids, so the student's manifest says exactly which models taught it. */
  teacherIds: string[];
  /** Share of the target that is the teachers' answer; the rest is the true label. */
  weight: number;
}

export class Teachers {
  constructor(private readonly models: tf.LayersModel[]) {
    if (models.length === 0) throw new Error('distillation needs at least one teacher');
  }

  /**
   * The teachers' combined probabilities for each row: the normalised geometric mean (the
   * mean of their log-probabilities), which favours classes every teacher finds likely over
   * one teacher's confident outlier. Inference mode, so the same batch always gives the same
   * answer and a seed still gives the same model.
   */
  answer(pixels: Float32Array, count: number): Float32Array {
    return tf.tidy(() => {
      const x = toInputTensor(pixels, count);
      const logs = this.models.map((m) => tf.log(tf.maximum(m.predict(x) as tf.Tensor2D, 1e-7)));
      const mean = tf.div(tf.addN(logs), logs.length);
      return tf.softmax(mean).dataSync() as Float32Array;
    });
  }

  dispose(): void {
    this.models.forEach((m) => m.dispose());
  }
}

/** The target rows: (1 − weight) × one-hot label + weight × the teachers' answer. */
export function distilledTargets(labels: Int32Array, answer: Float32Array, weight: number): Float32Array {
  const out = new Float32Array(labels.length * CLASS_COUNT);
  for (let i = 0; i < labels.length; i++) {
    for (let c = 0; c < CLASS_COUNT; c++) out[i * CLASS_COUNT + c] = weight * answer[i * CLASS_COUNT + c];
    out[i * CLASS_COUNT + labels[i]] += 1 - weight;
  }
  return out;
}
