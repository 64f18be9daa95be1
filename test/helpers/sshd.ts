// A real OpenSSH server for tests (Debian's openssh-server): on 127.0.0.1, a free port, a
// fresh host key, one authorized test key, running as the current user (as root it logs in
// as root by key only). Stopped in teardown.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort, waitForPort } from './mosquitto.js';
import { TEST_SCOPE, type Scope } from './scope.js';

export const SSHD = ['/usr/sbin/sshd', '/usr/bin/sshd'].find((p) => existsSync(p)) ?? 'sshd';

export interface Sshd {
  port: number;
  /** user@127.0.0.1:port */
  target: string;
  /** The client key the server accepts. */
  identity: string;
  /** A known_hosts file with this server's key (plain entry). */
  knownHosts: string;
  /** The host public key line, `ssh-ed25519 AAAA…`. */
  hostKeyLine: string;
  dir: string;
  stop(): Promise<void>;
}

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'laundry-sorter-test', '-f', path]);
}

/** One client key shared by every server in a test file, like an operator's key. */
let sharedIdentity: string | undefined;
function clientKey(scope: Scope): string {
  if (!sharedIdentity) {
    sharedIdentity = join(scope.tempDir('ssh-client-'), 'id_ed25519');
    keygen(sharedIdentity);
  }
  return sharedIdentity;
}

export async function startSshd(scope: Scope = TEST_SCOPE): Promise<Sshd> {
  const dir = scope.tempDir('sshd-');
  const port = await freePort();
  const hostKey = join(dir, 'host_ed25519');
  keygen(hostKey);
  const identity = clientKey(scope);
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${identity}.pub`), { mode: 0o600 });
  const user = userInfo().username;
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no',
    'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PubkeyAuthentication yes',
    'PermitRootLogin prohibit-password', `AllowUsers ${user}`, 'Subsystem sftp internal-sftp', 'LogLevel ERROR',
    // The sorter under test runs from this checkout; keep the client's PATH for `node`.
    'PermitUserEnvironment no', 'MaxStartups 50', 'MaxSessions 50',
  ].join('\n') + '\n');
  // As root, sshd insists on its privilege-separation directory.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const hostKeyLine = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHosts = join(dir, 'known_hosts');
  writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKeyLine}\n`);
  let child: ChildProcess | undefined = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => { errors += d; });
  try {
    await waitForPort(port, 'sshd');
  } catch (err) {
    child.kill();
    throw new Error(`${(err as Error).message}: ${errors.trim()}`);
  }
  const stop = async () => {
    if (!child) return;
    const c = child;
    child = undefined;
    c.kill('SIGTERM');
    if (c.exitCode === null) await new Promise((r) => c.once('exit', r));
  };
  scope.defer(stop);
  return { port, target: `${user}@127.0.0.1:${port}`, identity, knownHosts, hostKeyLine, dir, stop };
}
