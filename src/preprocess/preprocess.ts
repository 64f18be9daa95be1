// Camera frame → what the model sees: a 28×28 Fashion-MNIST-style image, or "empty". The
// garment is first turned straight (its pose, from the mask), and the four quarter turns of
// that image are what the classifier scores, in one batch, to settle which side is up.
import { estimatePose, type GarmentPose, type PoseMethod } from '../pose/garment-pose.js';
import { quarterTurnViews, type ViewCount } from '../pose/views.js';
import { estimateBackground, referenceBackground } from './background.js';
import { decodeFrame, decodeFrameWithSharp, WORKING_SIZE, type Region, type RgbImage } from './frame.js';
import { findSheet, straightenSheet, type Sheet } from './nested-tray.js';
import { garmentInsideSheet } from './sheet-rim.js';
import { sheetIsTheGarment } from './sheet-or-garment.js';
import { normaliseQuarterTurn } from '../pose/mask-shape.js';
import { garmentInTrayShades, trayTextures } from './tray-texture.js';
import { segment, type Segmentation } from './segment.js';
import { toFashionMnist } from './to-fashion-mnist.js';
import { sharperColour } from './sharper-colour.js';
import { DEFAULT_COLOUR_OPTIONS, measureColour, type ColourOptions, type GarmentColour } from '../colour/measure-colour.js';

export interface PreprocessOptions {
  /** Crop to this part of the frame first (fractions of width and height). */
  tray?: Region;
  /** The empty tray at the working size, from `calibrate`; without it the border is the background. */
  reference?: RgbImage;
  /** How the garment's direction is read from its mask; `off` leaves it as it lies (default: rect). */
  pose?: PoseMethod | 'off';
  /** How many quarter turns to score: 4 (every side), 2 (upright and upside down) or 1 (as turned). */
  views?: ViewCount;
  /** How the garment's colour is measured; false skips it. */
  colour?: ColourOptions | false;
}

export type Preprocessed =
  | {
    kind: 'garment';
    /** The garment turned straight: the first of `views`. */
    pixels: Uint8Array;
    /** The quarter turns of `pixels`, 784 bytes each, one after another. */
    views: Uint8Array;
    pose: GarmentPose;
    /** From the frame's pixels inside the mask; absent when colour is off. */
    colour?: GarmentColour;
    coverage: number;
    box: { x: number; y: number; width: number; height: number };
    /** On a textured tray (wood planks, tiles): how many of its shades segmentation counted as tray. */
    trayShades?: number;
    working: RgbImage;
  }
  | { kind: 'empty'; working: RgbImage };

export const DEFAULT_VIEWS: ViewCount = 4;

/** A sheet is straightened from a decode this many times sharper than the working image. */
export const SHEET_DETAIL = 2;

type PoseOptions = Pick<PreprocessOptions, 'pose' | 'views' | 'colour'>;

/** What the segmentation found: nothing, a garment, or a sheet lying turned with the garment on it. */
type FoundGarment = { kind: 'garment'; seg: Segmentation; background: Float32Array; trayShades?: number };
type Found = { kind: 'empty' } | FoundGarment | { kind: 'sheet'; sheet: Sheet; outer: FoundGarment };
type SeenGarment = Extract<Preprocessed, { kind: 'garment' }>;

export async function preprocessFrame(bytes: Uint8Array, options: PreprocessOptions = {}): Promise<Preprocessed> {
  const working = await decodeFrame(bytes, { tray: options.tray });
  const found = find(working, options.reference);
  if (found.kind === 'garment') return seeGarment(working, found, options, await colourOf(bytes, working, found, options));
  if (found.kind !== 'sheet') return finish(working, found, options);
  // Rare (a garment on a turned sheet): worth a second, sharper decode to straighten it from.
  const detail = await decodeFrameWithSharp(bytes, { tray: options.tray, size: WORKING_SIZE * SHEET_DETAIL });
  return onSheet(working, found, detail, options);
}

export function preprocessImage(working: RgbImage, reference?: RgbImage, options: PoseOptions = {}): Preprocessed {
  const found = find(working, reference);
  return found.kind === 'sheet' ? onSheet(working, found, working, options) : finish(working, found, options);
}

function find(working: RgbImage, reference?: RgbImage): Found {
  const found = segmentGarment(working, reference);
  if (found.kind !== 'garment' || reference) return found;
  const sheet = findSheet(working, found.seg);
  if (sheet) return { kind: 'sheet', sheet, outer: found };
  const onCloth = garmentInsideSheet(working, found.seg, found.background);
  return onCloth ? { kind: 'garment', ...onCloth } : found;
}

type Segmented = Exclude<Found, { kind: 'sheet' }>;

function segmentGarment(working: RgbImage, reference?: RgbImage): Segmented {
  const background = reference ? referenceBackground(reference, working) : estimateBackground(working);
  const plain = segment(working, background);
  // A reference frame already holds the tray's texture, pixel by pixel; the border fit does not.
  const textures = !reference && plain ? trayTextures(working, background) : undefined;
  const textured = textures && !garmentInTrayShades(working, background, textures) ? segment(working, background, textures) : undefined;
  const seg = textured ?? plain;
  if (!seg) return { kind: 'empty' };
  return { kind: 'garment', seg, background, ...(textured ? { trayShades: textures!.length / 3 } : {}) };
}

function finish(working: RgbImage, found: Segmented, options: PoseOptions): Preprocessed {
  return found.kind === 'empty' ? { kind: 'empty', working } : seeGarment(working, found, options);
}

/** What the model and the colour measure see of a garment found in `working`. */
function seeGarment(working: RgbImage, found: FoundGarment, options: PoseOptions, measured?: GarmentColour): SeenGarment {
  const { seg, background } = found;
  const method = options.pose ?? 'rect';
  const pose = method === 'off' ? { orientation: 0, turn: 0, method: 'rect' as const, fallback: 'pose estimation is off' } : estimatePose(seg.mask, working.width, working.height, method);
  const pixels = toFashionMnist(working, seg, background, { turn: pose.turn });
  const views = quarterTurnViews(pixels, options.views ?? DEFAULT_VIEWS);
  const colour = options.colour === false ? undefined : plain(measured ?? measureColour(working, seg.mask, background, options.colour ?? DEFAULT_COLOUR_OPTIONS));
  return { kind: 'garment', pixels, views, pose, ...(colour ? { colour } : {}), coverage: seg.coverage, box: seg.box, ...(found.trayShades ? { trayShades: found.trayShades } : {}), working };
}

/** The garment's colour, measured again on a sharper decode when its pattern is too fine for the working image (sharper-colour.ts). */
async function colourOf(bytes: Uint8Array, working: RgbImage, found: FoundGarment, options: PreprocessOptions): Promise<GarmentColour | undefined> {
  if (options.colour === false) return undefined;
  const colourOptions = options.colour ?? DEFAULT_COLOUR_OPTIONS;
  const colour = measureColour(working, found.seg.mask, found.background, colourOptions);
  return sharperColour(bytes, working, found.seg, found.background, colour, { tray: options.tray, colour: colourOptions });
}

/** The colour as decisions carry it: whether the pattern was fine is preprocessing's own business. */
function plain(colour: GarmentColour): GarmentColour {
  if (colour.group === 'unknown' || !colour.finePattern) return colour;
  const { finePattern: _, ...rest } = colour;
  return rest;
}

/** The garment found on the sheet straightened from `source` (the working image, or a sharper decode of it). */
function onSheet(working: RgbImage, found: Extract<Found, { kind: 'sheet' }>, source: RgbImage, options: PoseOptions): Preprocessed {
  const straight = straightenSheet(source, found.sheet, source.width / working.width, WORKING_SIZE);
  // Not looked at for another sheet: on a sheet, a big rectangle is the garment.
  const onIt = segmentGarment(straight);
  // Nothing on it, or only its own folds: the "sheet" was the garment itself (trousers hung with
  // their legs together, a big bag, a folded towel at the edge).
  if (onIt.kind === 'empty' || sheetIsTheGarment(working, found.outer.seg, straight, onIt.seg)) return seeGarment(working, found.outer, options);
  const inner = seeGarment(straight, onIt, options);
  const angle = found.sheet.rect.angle;
  const orientation = normaliseQuarterTurn(inner.pose.orientation + angle);
  return { ...inner, working, pose: { ...inner.pose, orientation: Math.round(orientation * 10) / 10, turn: Math.round((inner.pose.turn - angle) * 10) / 10 } };
}
