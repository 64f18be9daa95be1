// A real Mosquitto broker for tests, on a free port on 127.0.0.1, stopped in teardown.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { TEST_SCOPE, type Scope } from './scope.js';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on 127.0.0.1:`port`. */
export async function waitForPort(port: number, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${what} did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Debian puts the broker in /usr/sbin, which is not on every PATH (CI runners, plain users). */
export const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';

export interface Mosquitto { url: string; port: number; stop(): Promise<void>; start(): Promise<void> }

/**
 * `persistent`: sessions and queued messages survive a restart, as on a real broker.
 * `deepQueues`: a subscriber that falls behind loses nothing. Mosquitto drops QoS 1 messages
 * beyond 1,000 queued for one client by default, and a watcher sharing 2 busy cores with a
 * sorter publishing 250 decisions a second can fall that far behind.
 */
export async function startMosquitto(options: { user?: { name: string; password: string }; persistent?: boolean; deepQueues?: boolean } = {}, scope: Scope = TEST_SCOPE): Promise<Mosquitto> {
  const dir = scope.tempDir('mosquitto-');
  const port = await freePort();
  // As root, mosquitto would switch to the `mosquitto` user and lose access to this private dir.
  const persistence = options.persistent ? ['persistence true', `persistence_location ${dir}/`] : ['persistence false'];
  if (options.persistent || options.deepQueues) persistence.push('max_queued_messages 100000');
  const lines = [`listener ${port} 127.0.0.1`, ...persistence, 'log_dest none', `user ${userInfo().username}`];
  if (options.user) {
    const passwd = join(dir, 'passwd');
    execFileSync('mosquitto_passwd', ['-b', '-c', passwd, options.user.name, options.user.password]);
    lines.push('allow_anonymous false', `password_file ${passwd}`);
  } else {
    lines.push('allow_anonymous true');
  }
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(conf, `${lines.join('\n')}\n`);
  let child: ChildProcess | undefined;
  const broker: Mosquitto = {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    async start() {
      child = spawn(MOSQUITTO, ['-c', conf], { stdio: 'ignore' });
      await waitForPort(port, 'mosquitto');
    },
    async stop() {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      await new Promise<void>((resolve) => { c.once('exit', () => resolve()); c.kill('SIGTERM'); });
    },
  };
  await broker.start();
  scope.defer(() => broker.stop());
  return broker;
}
