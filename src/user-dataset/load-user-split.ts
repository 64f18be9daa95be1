// A pulled dataset's images as a Split the trainer and evaluator take, like Fashion-MNIST's.
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_SIZE, PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import type { UserSample } from './user-dataset.js';

export async function loadUserSplit(dir: string, samples: UserSample[]): Promise<Split> {
  const images = new Uint8Array(samples.length * PIXELS);
  const labels = new Uint8Array(samples.length);
  for (const [i, s] of samples.entries()) {
    const { data, info } = await sharp(join(dir, 'images', `${s.id}.png`)).greyscale().raw().toBuffer({ resolveWithObject: true });
    if (info.width !== IMAGE_SIZE || info.height !== IMAGE_SIZE) throw new Error(`${dir}/images/${s.id}.png is ${info.width}×${info.height}, not 28×28`);
    images.set(data.subarray(0, PIXELS), i * PIXELS);
    labels[i] = s.label;
  }
  return { count: samples.length, images, labels };
}
