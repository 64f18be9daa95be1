// Loads the upright finder a model directory carries, after the same checks as the garment
// model: its files are in the manifest's checksummed list (checkFiles), its shapes are a
// finder's, and it reproduces its golden outputs, so a swapped finder cannot slip in.
import type * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from '../dataset/classes.js';
import { MANIFEST, type Manifest } from '../model/manifest.js';
import { ModelFileError } from '../model/model-file-error.js';
import { loadModel } from '../model/model-files.js';
import { predictOne } from '../model/predict-one.js';
import { decodeGolden, GOLDEN_TOLERANCE } from '../model/verify-model.js';
import { UPRIGHT_TURNS } from './upright-net.js';

/** The finder of `manifest` (already checked by checkFiles), or undefined when it has none. */
export async function openUprightFinder(dir: string, manifest: Manifest, options: { golden?: boolean } = {}): Promise<tf.LayersModel | undefined> {
  const record = manifest.upright;
  if (!record) return undefined;
  const finder = await loadModel(dir, record.json);
  try {
    const input = finder.inputs[0].shape;
    const output = finder.outputs[0].shape;
    if (input.length !== 4 || input[1] !== IMAGE_SIZE || input[2] !== IMAGE_SIZE || input[3] !== 1 || output[output.length - 1] !== UPRIGHT_TURNS.length) {
      throw new ModelFileError(`${dir}: ${record.json} takes [${input.join(', ')}] and gives [${output.join(', ')}]; an upright finder takes [null, 28, 28, 1] and gives ${UPRIGHT_TURNS.length} turns`);
    }
    if (options.golden) {
      if (record.golden.length === 0) throw new ModelFileError(`${dir}: ${MANIFEST} has no golden inputs for its upright finder`);
      for (const g of record.golden) {
        const out = predictOne(finder, decodeGolden(g.pixels));
        const worst = Math.max(...Array.from(out, (v, i) => Math.abs(v - (g.probabilities[i] ?? Infinity))));
        if (!(worst <= GOLDEN_TOLERANCE)) throw new ModelFileError(`${dir}: the upright finder's golden outputs differ by ${worst.toExponential(2)} (allowed ${GOLDEN_TOLERANCE}); its weights do not match the manifest`);
      }
    }
    return finder;
  } catch (err) {
    finder.dispose();
    throw err;
  }
}
