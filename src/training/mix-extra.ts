// Mixing the user's own garments into Fashion-MNIST for a fine-tune. They are few (hundreds
// against 55,000), so they are repeated until they make up `share` of every epoch: enough to
// move the model towards the user's camera, not so much that it forgets Fashion-MNIST.
import { PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';

export function mixExtra(base: Split, extra: Split, share: number): { split: Split; repeats: number } {
  if (extra.count === 0 || share <= 0) return { split: base, repeats: 0 };
  const wanted = Math.round((share / (1 - share)) * base.count);
  const repeats = Math.max(1, Math.round(wanted / extra.count));
  const count = base.count + repeats * extra.count;
  const images = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  images.set(base.images.subarray(0, base.count * PIXELS));
  labels.set(base.labels.subarray(0, base.count));
  for (let r = 0; r < repeats; r++) {
    const at = base.count + r * extra.count;
    images.set(extra.images.subarray(0, extra.count * PIXELS), at * PIXELS);
    labels.set(extra.labels.subarray(0, extra.count), at);
  }
  return { split: { count, images, labels }, repeats };
}
