// Host-key checking as OpenSSH does it: the key the server presents must be the one recorded
// for that host in known_hosts (plain or hashed entries, `[host]:port` for other ports), or
// match a pinned SHA256 fingerprint. Unknown and changed keys are refused with the
// fingerprint shown; only an explicit accept-new records an unknown one.
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { UserError } from '../errors/user-error.js';

export const DEFAULT_KNOWN_HOSTS = join(homedir(), '.ssh', 'known_hosts');

/** OpenSSH's fingerprint: SHA256 of the key blob, base64 without padding. */
export function fingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside the blob itself, e.g. ssh-ed25519. */
export function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return 'unknown';
  const n = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + n).toString('latin1');
}

/** How known_hosts names a host: bare on port 22, `[host]:port` otherwise. */
export const hostPattern = (host: string, port: number) => (port === 22 ? host : `[${host}]:${port}`);

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** Does one known_hosts host field (comma list, hashed, globs, negations) name this host? */
export function hostFieldMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  let matched = false;
  for (const p of field.split(',')) {
    if (p.startsWith('!')) { if (globMatch(p.slice(1), name)) return false; } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

export interface KnownKey { type: string; blob: Buffer; revoked: boolean; line: number }

/** The keys recorded for `host`:`port` in a known_hosts text. */
export function keysFor(text: string, host: string, port: number): KnownKey[] {
  const name = hostPattern(host, port);
  const out: KnownKey[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    let fields = line.split(/\s+/);
    let revoked = false;
    if (fields[0].startsWith('@')) {
      if (fields[0] === '@cert-authority') return; // host certificates are not used here
      revoked = fields[0] === '@revoked';
      fields = fields.slice(1);
    }
    if (fields.length < 3 || !hostFieldMatches(fields[0], name)) return;
    out.push({ type: fields[1], blob: Buffer.from(fields[2], 'base64'), revoked, line: i + 1 });
  });
  return out;
}

export class HostKeyError extends UserError {
  constructor(message: string, hint: string) {
    super(message, { hint, exitCode: 1 });
    this.name = 'HostKeyError';
  }
}

export interface HostKeyPolicy {
  knownHostsFile?: string;
  /** A pinned `SHA256:…` fingerprint; when given, known_hosts is not consulted. */
  fingerprint?: string;
  /** Record an unknown host's key (never a changed one), like ssh's StrictHostKeyChecking=accept-new. */
  acceptNew?: boolean;
}

/** Throws HostKeyError unless `key` is the right key for the host; may record it under accept-new. */
export function checkHostKey(host: string, port: number, key: Buffer, policy: HostKeyPolicy, log: (line: string) => void = () => {}): void {
  const name = hostPattern(host, port);
  const seen = fingerprint(key);
  const type = keyType(key);
  if (policy.fingerprint) {
    const want = policy.fingerprint.startsWith('SHA256:') ? policy.fingerprint : `SHA256:${policy.fingerprint}`;
    if (want.replace(/=+$/, '') === seen) return;
    throw new HostKeyError(`${name} presented ${type} key ${seen}, not the pinned ${want}: refusing to connect`, 'if the sorter was reinstalled, pin its new fingerprint; otherwise someone may be intercepting the connection');
  }
  const file = policy.knownHostsFile ?? DEFAULT_KNOWN_HOSTS;
  const known = existsSync(file) ? keysFor(readFileSync(file, 'utf8'), host, port) : [];
  if (known.some((k) => k.revoked && k.blob.equals(key))) {
    throw new HostKeyError(`${name} presented ${type} key ${seen}, which ${file} marks @revoked`, 'the sorter must get a new host key');
  }
  const valid = known.filter((k) => !k.revoked);
  if (valid.some((k) => k.blob.equals(key))) return;
  const sameType = valid.find((k) => k.type === type);
  if (sameType) {
    throw new HostKeyError(
      `HOST KEY CHANGED for ${name}: it presented ${type} ${seen}, but ${file}:${sameType.line} records ${fingerprint(sameType.blob)}; refusing to connect`,
      `if the sorter was reinstalled, remove the old key with \`ssh-keygen -R '${name}' -f ${file}\`, compare the new one with the sorter's (\`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\` there), then push again with --accept-new; otherwise someone may be intercepting the connection`,
    );
  }
  if (policy.acceptNew && valid.length === 0) {
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${name} ${type} ${key.toString('base64')}\n`);
    log(`recorded ${name}'s ${type} key ${seen} in ${file} (accept-new)`);
    return;
  }
  throw new HostKeyError(
    `${name} is not in ${file}; it presented ${type} key ${seen}`,
    `check that fingerprint on the sorter (\`ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub\`), then pass --accept-new once, or pin it with --fingerprint ${seen}`,
  );
}
