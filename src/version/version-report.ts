// `laundry-sorter --version`: the program's version, and when a sorter config is at hand (the
// one named, or the device's), the model it would serve and the tfjs backend it asks for:
// what a bug report needs, without loading the model.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEVICE_CONFIG, loadConfig } from '../config/load-config.js';
import { MANIFEST } from '../model/manifest.js';
import { VERSION } from './version.js';

export function versionLines(configFile?: string): string[] {
  const lines = [`laundry-sorter ${VERSION} (node ${process.version})`];
  const file = configFile ?? (existsSync(DEVICE_CONFIG) ? DEVICE_CONFIG : undefined);
  if (!file) return lines;
  try {
    const config = loadConfig(file);
    let model: string;
    try {
      model = (JSON.parse(readFileSync(join(config.model.dir, MANIFEST), 'utf8')) as { modelId: string }).modelId;
    } catch {
      model = `none readable in ${config.model.dir}`;
    }
    lines.push(`config ${file}: model ${model}, tfjs backend ${config.model.backend}, GPIO ${config.gpio.kind}`);
  } catch (err) {
    lines.push(`config ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  return lines;
}
