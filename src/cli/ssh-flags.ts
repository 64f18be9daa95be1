// The SSH flags push, rollback and pull share, and connecting with them.
import type { HostEntry } from '../deploy/inventory.js';
import { SshConnection } from '../deploy/ssh-connection.js';
import type { FlagSpec, Parsed } from './args.js';

export const SSH_FLAGS: Record<string, FlagSpec> = {
  identity: { type: 'string', value: 'KEY', description: 'private key to log in with (default: ssh-agent, then ~/.ssh/id_ed25519)' },
  'known-hosts': { type: 'string', value: 'FILE', description: 'known_hosts to check the sorter\'s host key against (default: ~/.ssh/known_hosts)' },
  fingerprint: { type: 'string', value: 'SHA256:…', description: 'accept only this host key (instead of known_hosts)' },
  'accept-new': { type: 'boolean', default: false, description: 'record the key of a host not yet in known_hosts (never a changed key)' },
};

/** Per-host settings from an inventory win over the command line's. */
export function connectTo(entry: HostEntry, values: Parsed['values'], log: (line: string) => void): Promise<SshConnection> {
  return SshConnection.open(entry.target, {
    identity: entry.identity ?? (values.identity as string | undefined),
    knownHostsFile: entry.knownHosts ?? (values['known-hosts'] as string | undefined),
    fingerprint: entry.fingerprint ?? (values.fingerprint as string | undefined),
    acceptNew: values['accept-new'] === true,
    log,
  });
}
