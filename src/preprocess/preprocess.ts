// Camera frame → what the model sees: a 28×28 Fashion-MNIST-style image, or "empty".
import { estimateBackground, referenceBackground } from './background.js';
import { decodeFrame, type Region, type RgbImage } from './frame.js';
import { segment } from './segment.js';
import { toFashionMnist } from './to-fashion-mnist.js';

export interface PreprocessOptions {
  /** Crop to this part of the frame first (fractions of width and height). */
  tray?: Region;
  /** The empty tray at the working size, from `calibrate`; without it the border is the background. */
  reference?: RgbImage;
}

export type Preprocessed =
  | { kind: 'garment'; pixels: Uint8Array; coverage: number; box: { x: number; y: number; width: number; height: number }; working: RgbImage }
  | { kind: 'empty'; working: RgbImage };

export async function preprocessFrame(bytes: Uint8Array, options: PreprocessOptions = {}): Promise<Preprocessed> {
  const working = await decodeFrame(bytes, { tray: options.tray });
  return preprocessImage(working, options.reference);
}

export function preprocessImage(working: RgbImage, reference?: RgbImage): Preprocessed {
  const background = reference ? referenceBackground(reference, working) : estimateBackground(working);
  const seg = segment(working, background);
  if (!seg) return { kind: 'empty', working };
  return { kind: 'garment', pixels: toFashionMnist(working, seg, background), coverage: seg.coverage, box: seg.box, working };
}
