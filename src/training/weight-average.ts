// A running mean of a model's weights along its training path (stochastic weight averaging).
// At a small constant learning rate a fine-tune keeps circling a good region; the mean of
// where it has been sits nearer that region's middle than any single point, and such flat
// middles hold up better on pictures unlike the training ones.
import * as tf from '@tensorflow/tfjs';

export class WeightAverage {
  private sums: Float64Array[] | undefined;
  private shapes: number[][] = [];
  count = 0;

  /** Adds the model's current weights, BatchNorm's moving statistics included. */
  add(model: tf.LayersModel): void {
    const weights = model.getWeights();
    if (!this.sums) {
      this.sums = weights.map((w) => new Float64Array(w.size));
      this.shapes = weights.map((w) => w.shape);
    }
    weights.forEach((w, i) => {
      const values = w.dataSync();
      const sum = this.sums![i];
      for (let j = 0; j < values.length; j++) sum[j] += values[j];
    });
    this.count++;
  }

  /** The sums and count, exactly, for a checkpoint: a resumed run averages as if never stopped. */
  toBytes(): Buffer {
    const header = Buffer.from(JSON.stringify({ count: this.count, shapes: this.shapes }));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    return Buffer.concat([length, header, ...(this.sums ?? []).map((sum) => Buffer.from(sum.buffer, sum.byteOffset, sum.byteLength))]);
  }

  static fromBytes(bytes: Buffer): WeightAverage {
    const headerLength = bytes.readUInt32LE(0);
    const { count, shapes } = JSON.parse(bytes.subarray(4, 4 + headerLength).toString()) as { count: number; shapes: number[][] };
    const average = new WeightAverage();
    average.count = count;
    average.shapes = shapes;
    let at = 4 + headerLength;
    if (count > 0) {
      average.sums = shapes.map((shape) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const sum = new Float64Array(size);
        Buffer.from(sum.buffer).set(bytes.subarray(at, at + size * 8));
        at += size * 8;
        return sum;
      });
    }
    return average;
  }

  /** The mean so far, as tensors in the model's weight order (the caller disposes them). */
  mean(): tf.Tensor[] {
    if (!this.sums || this.count === 0) throw new Error('no weights averaged yet');
    return this.sums.map((sum, i) => tf.tensor(Float32Array.from(sum, (v) => v / this.count), this.shapes[i]));
  }
}
