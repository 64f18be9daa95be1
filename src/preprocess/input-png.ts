import sharp from 'sharp';
import { IMAGE_SIZE } from '../dataset/classes.js';

/** A 28×28 model input as an 8-bit grayscale PNG: what snapshots, samples and the page store. */
export function inputPng(pixels: Uint8Array): Promise<Buffer> {
  return sharp(Buffer.from(pixels), { raw: { width: IMAGE_SIZE, height: IMAGE_SIZE, channels: 1 } }).png().toBuffer();
}
