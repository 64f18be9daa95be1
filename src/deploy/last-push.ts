// What the last fleet push changed, so a fleet rollback touches those sorters and no others:
// rolling back a host the push never reached would move it to an even older model. Kept per
// inventory file under $XDG_STATE_HOME/laundry-sorter (by default ~/.local/state/…).
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Target { host: string; dir: string }
export interface LastPush { inventory: string; modelId: string; at: string; changed: Target[] }

function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'laundry-sorter');
}

export function lastPushFile(inventory: string, env: NodeJS.ProcessEnv = process.env): string {
  const key = createHash('sha256').update(resolve(inventory)).digest('hex').slice(0, 16);
  return join(stateDir(env), `last-push-${key}.json`);
}

export function saveLastPush(record: LastPush, env: NodeJS.ProcessEnv = process.env): string {
  const file = lastPushFile(record.inventory, env);
  mkdirSync(stateDir(env), { recursive: true });
  writeFileSync(`${file}.tmp`, `${JSON.stringify({ ...record, inventory: resolve(record.inventory) }, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

export function readLastPush(inventory: string, env: NodeJS.ProcessEnv = process.env): LastPush | undefined {
  const file = lastPushFile(inventory, env);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LastPush;
  } catch {
    return undefined;
  }
}

export const sameTarget = (a: Target, b: Target) => a.host === b.host && a.dir === b.dir;
