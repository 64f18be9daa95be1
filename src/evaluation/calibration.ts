// Temperature scaling (Guo et al., 2017): one number T, fitted on the validation slice, that
// makes softmax confidences honest. p_i ∝ p_i^(1/T) is the same as dividing the logits by T.
// T > 1 softens an over-confident model; it never changes which class wins.

/** Calibrated probabilities for one image (or in place for many, `classes` at a time). */
export function applyTemperature(probs: ArrayLike<number>, temperature: number, classes = probs.length): Float32Array {
  const out = new Float32Array(probs.length);
  for (let row = 0; row < probs.length; row += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, Math.log(Math.max(probs[row + c], 1e-30)) / temperature);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(Math.log(Math.max(probs[row + c], 1e-30)) / temperature - max);
      out[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) out[row + c] /= sum;
  }
  return out;
}

/** Mean negative log-likelihood of the true labels after scaling by T. */
export function negativeLogLikelihood(probs: Float32Array, labels: ArrayLike<number>, classes: number, temperature: number): number {
  const scaled = applyTemperature(probs, temperature, classes);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum -= Math.log(Math.max(scaled[i * classes + labels[i]], 1e-12));
  return sum / labels.length;
}

/** The T in [0.05, 20] with the lowest validation NLL; golden-section search on log T (NLL is unimodal in it). */
export function fitTemperature(probs: Float32Array, labels: ArrayLike<number>, classes: number): number {
  const f = (logT: number) => negativeLogLikelihood(probs, labels, classes, Math.exp(logT));
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = Math.log(0.05);
  let b = Math.log(20);
  let c = b - phi * (b - a);
  let d = a + phi * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 40; i++) {
    if (fc < fd) {
      b = d; d = c; fd = fc; c = b - phi * (b - a); fc = f(c);
    } else {
      a = c; c = d; fc = fd; d = a + phi * (b - a); fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

/** Expected calibration error over 15 equal-width confidence bins. */
export function expectedCalibrationError(probs: Float32Array, labels: ArrayLike<number>, classes: number, bins = 15): number {
  const count = new Array<number>(bins).fill(0);
  const conf = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  for (let i = 0; i < labels.length; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probs[i * classes + c] > probs[i * classes + best]) best = c;
    const p = probs[i * classes + best];
    const bin = Math.min(bins - 1, Math.floor(p * bins));
    count[bin]++;
    conf[bin] += p;
    if (best === labels[i]) hits[bin]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++) if (count[b] > 0) ece += (count[b] / labels.length) * Math.abs(hits[b] / count[b] - conf[b] / count[b]);
  return ece;
}
