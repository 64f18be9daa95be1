import { inputPng } from '../preprocess/input-png.js';

/** What the camera saw for one garment, as the snapshots, sample store and page keep it. */
export interface Seen {
  frame: Buffer;
  /** The 28×28 the model saw; absent for an empty tray. */
  pixels?: Uint8Array;
  /** The 28×28 as PNG, encoded once however many keepers ask for it. */
  png(): Promise<Buffer> | undefined;
}

export function seenOf(frame: Buffer, pixels: Uint8Array | undefined): Seen {
  let encoded: Promise<Buffer> | undefined;
  return { frame, pixels, png: () => (pixels ? (encoded ??= inputPng(pixels)) : undefined) };
}
