// One SSH connection to a sorter, through ssh2 (no `ssh` or `scp` binaries): host-key checking
// by our own known_hosts rules, key or agent authentication, commands with their exit codes,
// and an SFTP session. Every failure becomes one line that says what to do.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { UserError } from '../errors/user-error.js';
import { checkHostKey, HostKeyError, type HostKeyPolicy } from './known-hosts.js';
import { formatTarget, type SshTarget } from './ssh-target.js';

export interface SshOptions extends HostKeyPolicy {
  /** Private key file; without it, ssh-agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identity?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface ExecResult { code: number | null; signal?: string; stdout: string; stderr: string }

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(homedir(), '.ssh', k));

function authFor(options: SshOptions): Partial<ConnectConfig> {
  if (options.identity) {
    if (!existsSync(options.identity)) throw new UserError(`identity file ${options.identity} does not exist`, { hint: 'pass --identity with the private key whose .pub is in the sorter user\'s authorized_keys', exitCode: 64 });
    return { privateKey: readFileSync(options.identity) };
  }
  if (process.env.SSH_AUTH_SOCK) return { agent: process.env.SSH_AUTH_SOCK };
  const key = DEFAULT_KEYS.find((k) => existsSync(k));
  if (!key) throw new UserError('no SSH key to log in with: no --identity, no ssh-agent, no ~/.ssh/id_ed25519', { hint: 'create one with `ssh-keygen -t ed25519` and add its .pub to the sorter user\'s authorized_keys', exitCode: 64 });
  return { privateKey: readFileSync(key) };
}

function describeConnectError(err: Error & { code?: string; level?: string }, where: string): UserError {
  if (err instanceof UserError) return err;
  if (err.code === 'ECONNREFUSED') return new UserError(`${where}: connection refused`, { hint: 'is sshd running on the sorter, and is the port right?' });
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') return new UserError(`${where}: host not found`, { hint: 'check the name, or use the sorter\'s IP address' });
  if (err.code === 'ETIMEDOUT' || /Timed out/i.test(err.message)) return new UserError(`${where}: timed out connecting`, { hint: 'is the sorter on and on the network?' });
  if (err.level === 'client-authentication') return new UserError(`${where}: the sorter refused our key`, { hint: 'add the key\'s .pub to ~/.ssh/authorized_keys of that user on the sorter, or pass --identity' });
  if (/encrypted/i.test(err.message)) return new UserError(`${where}: the private key is passphrase-protected`, { hint: 'load it into ssh-agent (`ssh-add KEY`) and push again' });
  return new UserError(`${where}: ${err.message.split('\n')[0]}`);
}

export class SshConnection {
  private constructor(private readonly client: Client, readonly target: SshTarget, private sftpSession?: SFTPWrapper) {}

  get where(): string {
    return formatTarget(this.target);
  }

  static async open(target: SshTarget, options: SshOptions = {}): Promise<SshConnection> {
    const where = formatTarget(target);
    const auth = authFor(options);
    const client = new Client();
    let refused: HostKeyError | undefined;
    await new Promise<void>((resolve, reject) => {
      client.once('ready', () => resolve());
      client.once('error', (err) => reject(describeConnectError(refused ?? err, where)));
      try {
        client.connect({
          host: target.host, port: target.port, username: target.user, ...auth,
          readyTimeout: options.timeoutMs ?? 15_000,
          keepaliveInterval: 10_000,
          hostVerifier: (key: Buffer) => {
            try {
              checkHostKey(target.host, target.port, key, options, options.log);
              return true;
            } catch (err) {
              refused = err as HostKeyError;
              return false;
            }
          },
        });
      } catch (err) {
        reject(describeConnectError(err as Error, where));
      }
    });
    client.on('error', () => {}); // later errors surface through the pending operation
    return new SshConnection(client, target);
  }

  /** Runs a command through the user's shell; resolves with its exit code and output. */
  exec(command: string): Promise<ExecResult> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (err, stream) => {
        if (err) return reject(new UserError(`${this.where}: cannot run a command: ${err.message}`));
        const out: Buffer[] = [];
        const errs: Buffer[] = [];
        let code: number | null = null;
        let signal: string | undefined;
        stream.on('data', (d: Buffer) => out.push(d));
        stream.stderr.on('data', (d: Buffer) => errs.push(d));
        stream.on('exit', (c: number | null, s?: string) => { code = c; signal = s; });
        stream.on('close', () => resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8') }));
      });
    });
  }

  /** Like exec, but a non-zero exit is an error carrying the command's last stderr line. */
  async run(command: string, what: string): Promise<string> {
    const r = await this.exec(command);
    if (r.code !== 0) {
      const detail = r.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' / ') || `exit ${r.code ?? r.signal}`;
      throw new UserError(`${this.where}: ${what} failed: ${detail}`);
    }
    return r.stdout;
  }

  async sftp(): Promise<SFTPWrapper> {
    if (this.sftpSession) return this.sftpSession;
    this.sftpSession = await new Promise<SFTPWrapper>((resolve, reject) => {
      this.client.sftp((err, s) => (err ? reject(new UserError(`${this.where}: no SFTP: ${err.message}`, { hint: 'enable the sftp Subsystem in the sorter\'s sshd_config' })) : resolve(s)));
    });
    return this.sftpSession;
  }

  close(): void {
    this.client.end();
  }
}

/** Quotes one argument for a POSIX shell. */
export const shellQuote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
