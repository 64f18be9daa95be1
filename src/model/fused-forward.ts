// A faster forward pass for the sorter's own net, built once at load: every batch norm is
// folded into the convolution or dense layer before it, and the ReLU rides along in tfjs's
// fused kernels. A garment then costs 7 kernels instead of 17 layers, which matters most
// when the CPU has been idle between garments and every pass over memory is a cold one.
//
// Why folding is exact here: the net runs conv → max-pool → BN → ReLU. BN at inference is
// x·s + t per channel; with s > 0, max-pool and ReLU both commute with it, so the block
// equals maxPool(relu(conv(x)·s + t)), i.e. a conv with scaled weights and a bias. Any other
// layer pattern, or a non-positive scale, and there is no fused pass: the caller keeps
// model.predict. The caller also checks the fused pass against model.predict before use.
import * as tf from '@tensorflow/tfjs';

type Step = (x: tf.Tensor) => tf.Tensor;
type Config = Record<string, unknown>;

const kind = (layer: tf.layers.Layer | undefined) => layer?.getClassName();

/** A ReLU with no cap (ReLU6 and the like are not what the fused kernels' `relu` does). */
export const plainRelu = (layer: tf.layers.Layer) => (layer.getConfig() as Config).maxValue == null;

/** Scale s and shift t of a BN layer at inference, or undefined when some s ≤ 0 (unless `anySign`: nothing to commute with). */
export function bnAffine(bn: tf.layers.Layer, anySign = false): { scale: tf.Tensor1D; shift: tf.Tensor1D } | undefined {
  const cfg = bn.getConfig() as Config;
  if (cfg.scale === false || cfg.center === false) return undefined; // weights would be laid out differently
  if (cfg.axis !== -1 && cfg.axis !== 3 && cfg.axis !== 1) return undefined; // channels last (axis 1 after Flatten → Dense)
  const [gamma, beta, mean, variance] = bn.getWeights() as tf.Tensor1D[];
  const scale = tf.div(gamma, tf.sqrt(tf.add(variance, cfg.epsilon as number))) as tf.Tensor1D;
  if (!anySign && tf.min(scale).dataSync()[0] <= 0) return (scale.dispose(), undefined);
  return { scale, shift: tf.sub(beta, tf.mul(mean, scale)) as tf.Tensor1D };
}

/** Kernel and bias with the BN folded in: W·s (per output channel) and b·s + t. */
export function fold(weights: tf.Tensor[], affine: { scale: tf.Tensor1D; shift: tf.Tensor1D }): { kernel: tf.Tensor; bias: tf.Tensor1D } {
  const [kernel, bias] = weights;
  return {
    kernel: tf.mul(kernel, affine.scale),
    bias: (bias ? tf.add(tf.mul(bias, affine.scale), affine.shift) : affine.shift.clone()) as tf.Tensor1D,
  };
}

/** The net's last layer as a step when it is Dense with a softmax or no activation; else undefined. */
export function outputStep(layer: tf.layers.Layer): Step | undefined {
  const cfg = layer.getConfig() as Config;
  if (kind(layer) !== 'Dense' || (cfg.activation !== 'softmax' && cfg.activation !== 'linear')) return undefined;
  const [kernel, bias] = layer.getWeights();
  return (x) => {
    const logits = bias ? tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias }) : tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D);
    return cfg.activation === 'softmax' ? tf.softmax(logits) : logits;
  };
}

/** The fused steps, or undefined when the model is not a pattern this knows. Tensors made here are kept (call `dispose`). */
export function buildFusedForward(model: tf.LayersModel): { run: (input: tf.Tensor4D) => tf.Tensor2D; dispose: () => void } | undefined {
  const kept: tf.Tensor[] = [];
  const steps: Step[] = [];
  const layers = model.layers.filter((l) => kind(l) !== 'InputLayer');
  const ok = tf.tidy(() => {
    for (let i = 0; i < layers.length; i++) {
      const layer = layers[i];
      const cfg = layer.getConfig() as Config;
      const head = i === layers.length - 1 ? outputStep(layer) : undefined;
      if (cfg.activation !== undefined && cfg.activation !== 'linear' && !(kind(layer) === 'Dense' && i === layers.length - 1)) return false;
      if (kind(layer) === 'Conv2D' && kind(layers[i + 1]) === 'MaxPooling2D' && kind(layers[i + 2]) === 'BatchNormalization' && kind(layers[i + 3]) === 'ReLU') {
        if (cfg.dataFormat !== 'channelsLast' || [cfg.dilationRate].flat().some((d) => d !== 1)) return false;
        if (!plainRelu(layers[i + 3])) return false;
        const affine = bnAffine(layers[i + 2]);
        if (!affine) return false;
        const { kernel, bias } = fold(layer.getWeights(), affine);
        kept.push(tf.keep(kernel), tf.keep(bias));
        const pool = layers[i + 1].getConfig() as Config;
        const strides = cfg.strides as [number, number];
        const pad = cfg.padding as 'same' | 'valid';
        steps.push((x) => tf.maxPool(
          tf.fused.conv2d({ x: x as tf.Tensor4D, filter: kernel as tf.Tensor4D, strides, pad, bias, activation: 'relu' }),
          pool.poolSize as [number, number], pool.strides as [number, number], pool.padding as 'same' | 'valid',
        ));
        i += 3;
      } else if (kind(layer) === 'Flatten') {
        steps.push((x) => tf.reshape(x, [x.shape[0], -1]));
      } else if (kind(layer) === 'Dense' && kind(layers[i + 1]) === 'BatchNormalization' && kind(layers[i + 2]) === 'ReLU') {
        const affine = plainRelu(layers[i + 2]) ? bnAffine(layers[i + 1]) : undefined;
        if (!affine) return false;
        const { kernel, bias } = fold(layer.getWeights(), affine);
        kept.push(tf.keep(kernel), tf.keep(bias));
        steps.push((x) => tf.fused.matMul({ a: x as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, activation: 'relu' }));
        i += 2;
      } else if (head) {
        steps.push(head);
      } else {
        return false;
      }
    }
    return true;
  });
  if (!ok || steps.length === 0) {
    for (const t of kept) t.dispose();
    return undefined;
  }
  return {
    run: (input) => {
      let x: tf.Tensor = input;
      for (const step of steps) x = step(x);
      return x as tf.Tensor2D;
    },
    dispose: () => { for (const t of kept) t.dispose(); },
  };
}
