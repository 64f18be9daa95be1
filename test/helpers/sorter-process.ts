// A real sorter in a child process (`laundry-sorter run`), as on a device: replay camera over
// the demo frames, simulated bins, a real broker, and the model named by <modelsDir>/current.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI } from './cli.js';
import { TEST_SCOPE, type Scope } from './scope.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_FRAMES = join(REPO, 'demo', 'frames');

/** A models directory as a sorter has it: a copy of one shipped model and `current` pointing to it. */
export function makeDevice(model: 'current' | 'tutorial-cnn' = 'current', scope: Scope = TEST_SCOPE): string {
  const dir = scope.tempDir('device-models-');
  const id = readlinkSync(join(REPO, 'models', model));
  cpSync(join(REPO, 'models', id), join(dir, id), { recursive: true });
  symlinkSync(id, join(dir, 'current'));
  return dir;
}

export interface SorterProcess {
  child: ChildProcess;
  root: string;
  stderr(): string;
  stop(): Promise<void>;
}

/** `extra` is more YAML, appended (journal, web, …). */
export function sorterConfig(modelsDir: string, mqttUrl: string, deviceId: string, everyMs: number, scope: Scope = TEST_SCOPE, extra = ''): string {
  const dir = scope.tempDir('sorter-config-');
  const file = join(dir, 'config.yaml');
  writeFileSync(file, `
model: { dir: ${join(modelsDir, 'current')} }
camera: { kind: replay, folder: ${DEMO_FRAMES}, loop: true }
trigger: { kind: interval, everyMs: ${everyMs} }
sorting:
  threshold: 0.6
  rejectBin: reject
  bins: { tops: [T-shirt/top, Shirt, Pullover], bottoms: [Trouser], dresses: [Dress], outerwear: [Coat], shoes: [Sandal, Sneaker, Ankle boot], bags: [Bag] }
gpio: { kind: simulated, mode: pulse, pulseMs: 10, pins: { tops: 17, bottoms: 27, dresses: 22, outerwear: 23, shoes: 24, bags: 25, reject: 5 } }
mqtt: { url: '${mqttUrl}', baseTopic: test, deviceId: ${deviceId} }
snapshots: { dir: ${join(dir, 'snapshots')}, keep: 0 }
${extra.includes('journal:') ? '' : `journal: { dir: ${join(dir, 'journal')} }\n`}${extra}
`);
  return file;
}

/** Starts `laundry-sorter run` and resolves once it has written serving.json (its model is warm). */
export async function startSorterProcess(modelsDir: string, mqttUrl: string, options: { deviceId?: string; everyMs?: number; extra?: string } = {}, scope: Scope = TEST_SCOPE): Promise<SorterProcess> {
  const deviceId = options.deviceId ?? 'sorter1';
  const config = sorterConfig(modelsDir, mqttUrl, deviceId, options.everyMs ?? 50, scope, options.extra);
  const child = spawn(process.execPath, [CLI, 'run', '--config', config, '--quiet'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => { errors += d; });
  const deadline = Date.now() + 30_000;
  while (!existsSync(join(modelsDir, 'serving.json')) || !/sorting with/.test(errors)) {
    if (child.exitCode !== null) throw new Error(`the sorter exited with ${child.exitCode}: ${errors}`);
    if (Date.now() > deadline) throw new Error(`the sorter did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  scope.defer(stop);
  return { child, root: `test/${deviceId}`, stderr: () => errors, stop };
}
