// `user@host[:port]` as push, rollback and pull take it, IPv6 in brackets: `pi@[fe80::1]:2222`.
import { userInfo } from 'node:os';
import { UserError } from '../errors/user-error.js';

export interface SshTarget { user: string; host: string; port: number }

export function parseTarget(text: string): SshTarget {
  const m = /^(?:([^@\s]+)@)?(\[[0-9A-Fa-f:.]+\]|[^@:\s[\]]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = m?.[3] ? Number(m[3]) : 22;
  if (!m || port < 1 || port > 65535) {
    throw new UserError(`\`${text}\` is not a host`, { hint: 'write user@host or user@host:port, e.g. pi@sorter.local or pi@192.168.1.20:2222', exitCode: 64 });
  }
  return { user: m[1] ?? userInfo().username, host: m[2].replace(/^\[|\]$/g, ''), port };
}

export const formatTarget = (t: SshTarget) => `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}${t.port === 22 ? '' : `:${t.port}`}`;
