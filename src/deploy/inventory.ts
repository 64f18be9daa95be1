// --hosts FILE: either one `user@host[:port]` per line (# comments allowed), or a YAML
// inventory with per-host settings and shared defaults:
//
//   defaults: { identity: ~/.ssh/sorters, remoteDir: /var/lib/laundry-sorter/models }
//   hosts:
//     - host: pi@sorter-kitchen.local
//     - host: pi@10.0.0.12:2222
//       fingerprint: SHA256:…
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parse } from 'yaml';
import { z } from 'zod';
import { UserError } from '../errors/user-error.js';
import { parseTarget, type SshTarget } from './ssh-target.js';

export interface HostEntry {
  target: SshTarget;
  label: string;
  identity?: string;
  knownHosts?: string;
  fingerprint?: string;
  remoteDir?: string;
  command?: string;
}

const settings = { identity: z.string().optional(), knownHosts: z.string().optional(), fingerprint: z.string().optional(), remoteDir: z.string().optional(), command: z.string().optional() };
const inventorySchema = z.strictObject({
  defaults: z.strictObject(settings).optional(),
  hosts: z.array(z.strictObject({ host: z.string().min(1), ...settings })).min(1),
});

const home = (p: string | undefined) => (p?.startsWith('~/') ? `${homedir()}${p.slice(1)}` : p);

export function readInventory(file: string): HostEntry[] {
  if (!existsSync(file)) throw new UserError(`hosts file ${file} does not exist`, { exitCode: 64 });
  const text = readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = parse(text);
  } catch {
    doc = undefined;
  }
  if (doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const parsed = inventorySchema.safeParse(doc);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
      throw new UserError(`${file}: ${problems}`, { hint: 'an inventory has `hosts:`, a list of { host: user@host[:port], identity?, knownHosts?, fingerprint?, remoteDir?, command? }', exitCode: 64 });
    }
    const d = parsed.data.defaults ?? {};
    return parsed.data.hosts.map((h) => ({
      target: parseTarget(h.host), label: h.host,
      identity: home(h.identity ?? d.identity), knownHosts: home(h.knownHosts ?? d.knownHosts), fingerprint: h.fingerprint ?? d.fingerprint,
      remoteDir: h.remoteDir ?? d.remoteDir, command: h.command ?? d.command,
    }));
  }
  const lines = text.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
  if (lines.length === 0) throw new UserError(`${file} names no hosts`, { exitCode: 64 });
  return lines.map((l) => ({ target: parseTarget(l), label: l }));
}
