// The other parts a sorter needs: Node, the tfjs backend, the camera's program, the model,
// and somewhere to keep the journal.
import { accessSync, constants, existsSync } from 'node:fs';
import { ReplayCamera } from '../camera/replay-camera.js';
import { delimiter, dirname, join } from 'node:path';
import type { Config } from '../config/schema.js';
import { initBackend } from '../model/backend.js';
import { openVerifiedModel } from '../model/verify-model.js';
import { fail, ok, warn, type Check } from './check.js';

const NODE_NEEDED = 20;

export function nodeCheck(version = process.versions.node): Check {
  const major = Number(version.split('.')[0]);
  return major >= NODE_NEEDED ? ok('Node.js', `v${version}`) : fail('Node.js', `v${version} is too old; ${NODE_NEEDED} or newer is needed`, 'see scripts/install-deps.sh');
}

export async function backendCheck(wanted: Config['model']['backend']): Promise<Check> {
  const b = await initBackend(wanted);
  const skipped = b.skipped.length ? ` (skipped ${b.skipped.join('; ')})` : '';
  return b.name === 'cpu' ? warn('tfjs backend', `cpu: about 10× slower than wasm${skipped}`) : ok('tfjs backend', `${b.name}${skipped}`);
}

/** The program's full path on PATH, or undefined. */
export function onPath(program: string, path = process.env.PATH ?? ''): string | undefined {
  if (program.includes('/')) return existsSync(program) ? program : undefined;
  return path.split(delimiter).map((d) => join(d, program)).find((p) => existsSync(p));
}

/** The replay camera's own start: it lists the frames exactly as the sorter would play them. */
async function replayCheck(folder: string): Promise<Check> {
  const camera = new ReplayCamera(folder, false);
  await camera.start();
  const frames = camera.remaining;
  await camera.stop();
  return ok('camera', `replay of ${frames} frames in ${folder}`);
}

export async function cameraCheck(camera: Config['camera'], path = process.env.PATH ?? ''): Promise<Check> {
  const needs = (program: string, pkg: string, what: string) => {
    const found = onPath(program, path);
    return found ? ok('camera', `${what}: ${found}`) : fail('camera', `camera.kind is ${camera.kind}, but ${program} is not installed`, `sudo apt-get install ${pkg}`);
  };
  switch (camera.kind) {
    case 'replay': return replayCheck(camera.folder);
    case 'rpicam': return needs(camera.command, 'rpicam-apps', 'Pi camera through');
    case 'ffmpeg': return needs(camera.command, 'ffmpeg', 'V4L2 camera through');
    case 'webcam': return needs('fswebcam', 'fswebcam', 'USB webcam through');
  }
}

export async function modelCheck(dir: string): Promise<Check> {
  const { manifest, model } = await openVerifiedModel(dir, { golden: true });
  model.dispose();
  return ok('model', `${manifest.modelId}: checksums and golden outputs verified (${(manifest.metrics.testAccuracy * 100).toFixed(2)}% on the test set)`);
}

/** Writable where it is, or creatable under its nearest existing folder (nothing is created here). */
export function journalCheck(dir: string): Check {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  try {
    accessSync(at, constants.W_OK);
    return ok('journal', at === dir ? `${dir} is writable` : `${dir} can be created in ${at}`);
  } catch (err) {
    return fail('journal', `${dir} cannot be written: ${at} is ${(err as NodeJS.ErrnoException).code === 'EROFS' ? 'on a read-only filesystem' : 'not writable'} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, 'set journal.dir to a writable folder');
  }
}
