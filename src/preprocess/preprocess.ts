// Camera frame → what the model sees: a 28×28 Fashion-MNIST-style image, or "empty". The
// garment is first turned straight (its pose, from the mask), and the four quarter turns of
// that image are what the classifier scores, in one batch, to settle which side is up.
import { estimatePose, type GarmentPose, type PoseMethod } from '../pose/garment-pose.js';
import { quarterTurnViews, type ViewCount } from '../pose/views.js';
import { estimateBackground, referenceBackground } from './background.js';
import { decodeFrame, decodeFrameWithSharp, WORKING_SIZE, type Region, type RgbImage } from './frame.js';
import { findSheet, straightenSheet } from './nested-tray.js';
import { normaliseQuarterTurn } from '../pose/mask-shape.js';
import { segment } from './segment.js';
import { toFashionMnist } from './to-fashion-mnist.js';

export interface PreprocessOptions {
  /** Crop to this part of the frame first (fractions of width and height). */
  tray?: Region;
  /** The empty tray at the working size, from `calibrate`; without it the border is the background. */
  reference?: RgbImage;
  /** How the garment's direction is read from its mask; `off` leaves it as it lies (default: rect). */
  pose?: PoseMethod | 'off';
  /** How many quarter turns to score: 4 (every side), 2 (upright and upside down) or 1 (as turned). */
  views?: ViewCount;
}

export type Preprocessed =
  | {
    kind: 'garment';
    /** The garment turned straight: the first of `views`. */
    pixels: Uint8Array;
    /** The quarter turns of `pixels`, 784 bytes each, one after another. */
    views: Uint8Array;
    pose: GarmentPose;
    coverage: number;
    box: { x: number; y: number; width: number; height: number };
    working: RgbImage;
    /** Found on a sheet lying turned in the frame, which was straightened first. */
    onSheet?: boolean;
  }
  | { kind: 'empty'; working: RgbImage };

export const DEFAULT_VIEWS: ViewCount = 4;

/** A sheet is straightened from a decode this many times sharper than the working image. */
export const SHEET_DETAIL = 2;

export async function preprocessFrame(bytes: Uint8Array, options: PreprocessOptions = {}): Promise<Preprocessed> {
  const working = await decodeFrame(bytes, { tray: options.tray });
  const seen = preprocessImage(working, options.reference, options);
  if (seen.kind !== 'garment' || !seen.onSheet) return seen;
  // Rare (a garment on a turned sheet): worth a second, sharper decode.
  const detail = await decodeFrameWithSharp(bytes, { tray: options.tray, size: WORKING_SIZE * SHEET_DETAIL });
  return preprocessImage(working, options.reference, options, detail);
}

/** `detail`: a sharper decode of the same frame, to straighten a sheet from (default: `working`). */
export function preprocessImage(working: RgbImage, reference?: RgbImage, options: Pick<PreprocessOptions, 'pose' | 'views'> = {}, detail?: RgbImage, onSheet = false): Preprocessed {
  const background = reference ? referenceBackground(reference, working) : estimateBackground(working);
  const seg = segment(working, background);
  if (!seg) return { kind: 'empty', working };
  // A garment on a sheet lying turned: find it on the straightened sheet instead (once: a sheet on a sheet is the garment).
  const sheet = onSheet || reference ? undefined : findSheet(working, seg);
  if (sheet) {
    const source = detail ?? working;
    const inner = preprocessImage(straightenSheet(source, sheet, source.width / working.width), undefined, options, undefined, true);
    if (inner.kind === 'empty') return { kind: 'empty', working };
    const angle = sheet.rect.angle;
    const orientation = normaliseQuarterTurn(inner.pose.orientation + angle);
    return { ...inner, working, onSheet: true, pose: { ...inner.pose, orientation: Math.round(orientation * 10) / 10, turn: Math.round((inner.pose.turn - angle) * 10) / 10 } };
  }
  const method = options.pose ?? 'rect';
  const pose = method === 'off' ? { orientation: 0, turn: 0, method: 'rect' as const, fallback: 'pose estimation is off' } : estimatePose(seg.mask, working.width, working.height, method);
  const pixels = toFashionMnist(working, seg, background, { turn: pose.turn });
  const views = quarterTurnViews(pixels, options.views ?? DEFAULT_VIEWS);
  return { kind: 'garment', pixels, views, pose, coverage: seg.coverage, box: seg.box, working };
}
