// Conv2D layers without bias or activation train through the plain conv op, not the fused one.
//
// tfjs-layers always calls tf.fused.conv2d, and under a gradient tape the fused op is a
// customGrad whose gradient computes the input's gradient and the filter's together, needed
// or not. For the first layer the input is the image, whose gradient nobody uses: on the
// default net that was 2.7 ms of a 60 ms step (a 28×28×32 → 1 channel convolution, the shape
// XNNPACK does worst). The plain op's gradient is computed per input, only where the tape
// needs it. Same convolution, same outputs; inference keeps the fused path.
import * as tf from '@tensorflow/tfjs';

interface ConvLayer {
  rank: number;
  bias: tf.LayerVariable | null;
  kernel: tf.LayerVariable;
  activation: { getClassName(): string } | null;
  strides: [number, number];
  padding: 'valid' | 'same' | 'causal';
  dataFormat: 'channelsLast' | 'channelsFirst';
  dilationRate: [number, number];
  call(inputs: tf.Tensor | tf.Tensor[], kwargs: object): tf.Tensor;
}

let installed = false;

/** Idempotent. Every Conv2D layer, built or loaded, trains this way afterwards. */
export function installConvTraining(): void {
  if (installed) return;
  installed = true;
  const proto = Object.getPrototypeOf(tf.layers.conv2d({ filters: 1, kernelSize: 1 })) as ConvLayer;
  const stockCall = proto.call;
  proto.call = function (this: ConvLayer, inputs, kwargs) {
    const taped = tf.engine().state.gradientDepth > 0;
    const plain = this.rank === 2 && this.bias === null && this.padding !== 'causal' && this.dataFormat === 'channelsLast'
      && this.dilationRate.every((d) => d === 1) && (this.activation === null || this.activation.getClassName() === 'linear');
    if (!taped || !plain) return stockCall.call(this, inputs, kwargs);
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return tf.conv2d(x, this.kernel.read() as tf.Tensor4D, this.strides, this.padding as 'valid' | 'same');
  };
}
