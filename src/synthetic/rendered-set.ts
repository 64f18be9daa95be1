// A training set as the camera sees it: Fashion-MNIST training images rendered as photo-like
// frames, each turned to a random angle, run through the sorter's own preprocessing, and kept
// as the upright one of the four views the classifier scores. The model learns from what the
// pipeline makes of a garment (its resampling, trimming and slightly-off alignment), not only
// from catalogue images. Written as a garment folder (`samples.csv`, `images/`), the format
// `train --extra` takes, so a fine-tune mixes it in like a user's own garments.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { IMAGE_SIZE, PIXELS } from '../dataset/classes.js';
import type { Split } from '../dataset/fashion-mnist.js';
import { viewAt } from '../pose/views.js';
import { preprocessFrame } from '../preprocess/preprocess.js';
import { Random } from '../training/random.js';
import { writeUserDataset, type UserSample } from '../user-dataset/user-dataset.js';
import { randomDemoStyle, renderFrame, type FrameStyle } from './render-frame.js';

export interface RenderedSetOptions {
  count: number;
  seed: number;
  /** Frames in flight at once: sharp works off the main thread, so two or more keep both cores busy. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

interface Planned { k: number; index: number; style: FrameStyle }

/**
 * Which of the quarter-turn views (0, 90, 180, 270° counter-clockwise of the straightened
 * garment) is upright, for a garment rendered turned `angle`° and straightened by `turn`°.
 */
export function uprightView(angle: number, turn: number): number {
  return (((Math.round(-(angle + turn) / 90)) % 4) + 4) % 4;
}

/** Renders `count` images drawn from `source` into `outDir`; the plan is drawn first, so the set depends on the seed alone. */
export async function writeRenderedSet(source: Split, outDir: string, options: RenderedSetOptions): Promise<{ written: number; empty: number }> {
  const rng = new Random(options.seed);
  const plan: Planned[] = Array.from({ length: options.count }, (_, k) => {
    const index = rng.int(0, source.count - 1);
    const angle = rng.next() * 360;
    return { k, index, style: { ...randomDemoStyle(rng), angle } };
  });
  mkdirSync(join(outDir, 'images'), { recursive: true });
  const samples = new Map<string, UserSample>();
  let empty = 0;
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const item = plan[next++];
      const sample = await renderOne(source, item, options.seed, outDir);
      if (sample) samples.set(sample.id, sample); else empty++;
      options.onProgress?.(++done, plan.length);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 3 }, worker));
  writeUserDataset(outDir, samples);
  return { written: samples.size, empty };
}

async function renderOne(source: Split, { k, index, style }: Planned, seed: number, outDir: string): Promise<UserSample | undefined> {
  const pixels = source.images.subarray(index * PIXELS, (index + 1) * PIXELS);
  const frame = await renderFrame(pixels, style, seed * 1_000_003 + k);
  const seen = await preprocessFrame(frame, { colour: false });
  if (seen.kind === 'empty') return undefined;
  const v = uprightView(style.angle ?? 0, seen.pose.turn);
  const id = `render-${String(k).padStart(6, '0')}`;
  await sharp(Buffer.from(viewAt(seen.views, v)), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1 } })
    .png().toFile(join(outDir, 'images', `${id}.png`));
  return {
    id, label: source.labels[index], predicted: null, confidence: null, modelId: '', timestamp: '',
    // One training image is one garment: its renders are held out together, never split.
    garment: `fashion-mnist-train-${index}`, source: `rendered at ${style.angle?.toFixed(1)}°`,
  };
}
