// The fused forward pass for nets that branch and join (the residual candidates in
// architectures.ts), the way fused-forward.ts does it for the sorter's straight line of
// blocks: every conv → BatchNorm pair becomes one conv with scaled weights and a bias, and a
// ReLU right after rides along in tfjs's fused kernel. A ResNet-14 then runs 15 conv kernels,
// 6 adds and a few pools instead of 45 layers.
//
// Why folding is exact here: BN at inference is x·s + t per channel, right after a linear
// conv, so conv(x)·s + t is conv with W·s and bias t, whatever the sign of s (nothing sits
// between them for it to commute with). It folds only when the BN is the conv's one consumer;
// any layer this does not know, and there is no fused pass: the caller keeps model.predict,
// and checks the fused pass against it before use.
import * as tf from '@tensorflow/tfjs';
import { bnAffine, fold, outputStep, plainRelu } from './fused-forward.js';

type Config = Record<string, unknown>;
type Op = { inputs: number[]; output: number; run: (xs: tf.Tensor[]) => tf.Tensor };

const kind = (layer: tf.layers.Layer) => layer.getClassName();
const inputIds = (layer: tf.layers.Layer) => [layer.input].flat().map((t) => (t as tf.SymbolicTensor).id);
const outputId = (layer: tf.layers.Layer) => (layer.output as tf.SymbolicTensor).id;

/** How many layers read each tensor: a conv's output is folded only into its one reader. */
function readers(layers: tf.layers.Layer[]): Map<number, tf.layers.Layer[]> {
  const map = new Map<number, tf.layers.Layer[]>();
  for (const layer of layers) for (const id of inputIds(layer)) map.set(id, [...(map.get(id) ?? []), layer]);
  return map;
}

const onlyReader = (map: Map<number, tf.layers.Layer[]>, layer: tf.layers.Layer, className: string) => {
  const r = map.get(outputId(layer)) ?? [];
  return r.length === 1 && kind(r[0]) === className ? r[0] : undefined;
};

/** The fused steps of a functional model, or undefined when it has a layer this does not know. Tensors made here are kept (call `dispose`). */
export function buildFusedGraph(model: tf.LayersModel): { run: (input: tf.Tensor4D) => tf.Tensor2D; dispose: () => void } | undefined {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return undefined;
  const layers = model.layers.filter((l) => kind(l) !== 'InputLayer');
  const reads = readers(layers);
  const kept: tf.Tensor[] = [];
  const ops: Op[] = [];
  const folded = new Set<tf.layers.Layer>();
  // A folded layer's output is its conv's: reading it means reading the fused conv's result.
  const alias = new Map<number, number>();
  const id = (t: number) => alias.get(t) ?? t;
  const ok = tf.tidy(() => {
    for (const layer of layers) {
      if (folded.has(layer)) continue;
      const cfg = layer.getConfig() as Config;
      const head = layer === layers[layers.length - 1] ? outputStep(layer) : undefined;
      const inputs = inputIds(layer).map(id);
      const output = outputId(layer);
      const linear = cfg.activation === undefined || cfg.activation === 'linear';
      if (kind(layer) === 'Conv2D' && linear && cfg.dataFormat === 'channelsLast' && ![cfg.dilationRate].flat().some((d) => d !== 1)) {
        const bn = onlyReader(reads, layer, 'BatchNormalization');
        const affine = bn ? bnAffine(bn, true) : undefined;
        if (bn && !affine) return false;
        const relu = bn && onlyReader(reads, bn, 'ReLU');
        if (relu && !plainRelu(relu)) return false;
        const weights = layer.getWeights();
        const { kernel, bias } = affine ? fold(weights, affine) : { kernel: weights[0].clone(), bias: weights[1]?.clone() as tf.Tensor1D | undefined };
        kept.push(tf.keep(kernel), ...(bias ? [tf.keep(bias)] : []));
        for (const l of [bn, relu]) if (l) { folded.add(l); alias.set(outputId(l), output); }
        const strides = cfg.strides as [number, number];
        const pad = cfg.padding as 'same' | 'valid';
        ops.push({ inputs, output, run: ([x]) => tf.fused.conv2d({ x: x as tf.Tensor4D, filter: kernel as tf.Tensor4D, strides, pad, bias, activation: relu ? 'relu' : 'linear' }) });
      } else if (kind(layer) === 'Add') {
        const relu = onlyReader(reads, layer, 'ReLU');
        if (relu && !plainRelu(relu)) return false;
        if (relu) { folded.add(relu); alias.set(outputId(relu), output); }
        ops.push({ inputs, output, run: (xs) => (relu ? tf.relu(tf.addN(xs)) : tf.addN(xs)) });
      } else if (kind(layer) === 'ReLU' && plainRelu(layer)) {
        ops.push({ inputs, output, run: ([x]) => tf.relu(x) });
      } else if (kind(layer) === 'MaxPooling2D' && cfg.dataFormat === 'channelsLast') {
        ops.push({ inputs, output, run: ([x]) => tf.maxPool(x as tf.Tensor4D, cfg.poolSize as [number, number], cfg.strides as [number, number], cfg.padding as 'same' | 'valid') });
      } else if (kind(layer) === 'GlobalAveragePooling2D' && cfg.dataFormat === 'channelsLast') {
        ops.push({ inputs, output, run: ([x]) => tf.mean(x, [1, 2]) });
      } else if (head) {
        ops.push({ inputs, output, run: ([x]) => head(x) });
      } else {
        return false;
      }
    }
    return true;
  });
  if (!ok || ops.length === 0) {
    for (const t of kept) t.dispose();
    return undefined;
  }
  const inputId = model.inputs[0].id;
  const finalId = id(model.outputs[0].id);
  return {
    run: (input) => {
      const values = new Map<number, tf.Tensor>([[inputId, input]]);
      for (const op of ops) values.set(op.output, op.run(op.inputs.map((i) => values.get(i)!)));
      return values.get(finalId) as tf.Tensor2D;
    },
    dispose: () => { for (const t of kept) t.dispose(); },
  };
}
