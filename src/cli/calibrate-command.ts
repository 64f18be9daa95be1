// `laundry-sorter calibrate`: photograph the empty tray as the reference frame, and, with
// `--paper`, measure the tray's own lightness against a sheet of white paper laid on it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createCamera } from '../camera/create-camera.js';
import type { Camera } from '../camera/camera.js';
import { judgeTray } from '../colour/judge-tray.js';
import { PAPER_LIGHTNESS, trayLightnessFromPaper } from '../colour/paper-lightness.js';
import { DEVICE_CONFIG, loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../errors/user-error.js';
import { decodeFrame, type RgbImage } from '../preprocess/frame.js';
import { preprocessFrame } from '../preprocess/preprocess.js';
import type { CommandSpec, Parsed } from './args.js';

export const CALIBRATE_SPEC: CommandSpec = {
  name: 'calibrate',
  usage: 'laundry-sorter calibrate [--config FILE] [--out FILE] [--paper]',
  summary: 'Photograph the empty tray as the reference frame preprocessing compares against. Clear the tray first.',
  flags: {
    config: { type: 'string', default: DEVICE_CONFIG, value: 'FILE', description: 'YAML config' },
    out: { type: 'string', value: 'FILE', description: 'where to save it (default: preprocess.reference from the config); with --paper, the reference to compare with' },
    paper: { type: 'boolean', default: false, description: `after calibrating: with a sheet of white printer paper in the middle of the tray, measure the tray's own lightness against it (paper taken as ${PAPER_LIGHTNESS}) and print the colour.trayLightness to set` },
  },
  epilog: [
    'Colour groups need the tray\'s own lightness (colour.trayLightness): the camera\'s exposure makes any tray look mid-grey, so white garments would read as light ones. Calibrate the empty tray, lay a sheet of printer paper on it, and run `calibrate --paper` (docs/colour.md).',
    'Exit code 1: the frame, the reference or the paper could not be used (the line says why and what to do).',
    'Example: laundry-sorter calibrate && laundry-sorter calibrate --paper',
  ],
};

export async function runCalibrate(values: Parsed['values'], _p: string[], log: (line: string) => void): Promise<number> {
  const configFile = String(values.config);
  const config = loadConfig(configFile);
  const reference = (values.out as string | undefined) ?? config.preprocess.reference;
  if (!reference) throw new UserError('nowhere to save the reference frame', { hint: 'pass --out FILE, or set preprocess.reference in the config', exitCode: 64 });
  if (values.paper && !existsSync(reference)) throw new UserError(`no reference frame at ${reference} to compare the paper with`, { hint: 'clear the tray and run `laundry-sorter calibrate` first, then lay the paper on it' });
  const camera = createCamera(config.camera);
  await camera.start();
  try {
    const { tray } = config.preprocess;
    if (values.paper) {
      const { result: withPaper } = await captureOne(camera, config, (bytes) => decodeFrame(bytes, { tray }));
      return await measurePaper(config, configFile, reference, withPaper, log);
    }
    const { bytes, result: check } = await captureOne(camera, config, (frame) => preprocessFrame(frame, { tray }));
    writeFileSync(reference, bytes);
    log(`saved the empty tray from ${camera.name} to ${reference}`);
    // The working image preprocessing decoded: the same pixels the colour measurement will see.
    if (config.colour.enabled) log(judgeTray(check.working, config.colour.tray, config.colour.trayLightness).line);
    if (check.kind === 'garment') log('note: something on the tray stands out from its edges; if the tray was not empty, clear it and calibrate again');
    return 0;
  } finally {
    await camera.stop();
  }
}

/**
 * The first frame the camera delivers that `read` accepts, with what it read (the frame decoded
 * once, for its one use); retried until a frame would count as stale.
 */
async function captureOne<T>(camera: Camera, config: Config, read: (bytes: Uint8Array) => Promise<T>): Promise<{ bytes: Uint8Array; result: T }> {
  const deadline = Date.now() + config.camera.staleAfterSeconds * 1000 + 2000;
  for (;;) {
    try {
      const { bytes } = await camera.capture();
      return { bytes, result: await read(bytes) };
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function measurePaper(config: Config, configFile: string, reference: string, withPaper: RgbImage, log: (line: string) => void): Promise<number> {
  const empty = await decodeFrame(readFileSync(reference), { tray: config.preprocess.tray });
  const r = trayLightnessFromPaper(empty, withPaper);
  if ('error' in r) throw new UserError(r.error);
  const was = config.colour.trayLightness;
  const change = was === undefined ? '' : Math.abs(was - r.lightness) < 0.01 ? ` (colour.trayLightness is ${was} already)` : ` (colour.trayLightness is ${was} now)`;
  log(`the tray's own lightness is ${r.lightness.toFixed(2)}, measured against the paper (${Math.round(r.paperShare * 100)}% of the view)${change}`);
  log(`set  colour: { trayLightness: ${r.lightness.toFixed(2)} }  in ${configFile}, and keep the camera's exposure fixed (docs/colour.md); then take the paper away`);
  return 0;
}
