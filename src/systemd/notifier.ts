// sd_notify for a Type=notify service: READY=1 once the model is warm, WATCHDOG=1 while the
// sorter is healthy, STATUS= lines for `systemctl status`, STOPPING=1 on the way out.
//
// The protocol is one datagram per message on the unix socket in $NOTIFY_SOCKET. Node has no
// unix datagram sockets, so a tiny long-lived python3 helper (present on Raspberry Pi OS and
// Debian) sends them; it lives as long as the sorter, so systemd can always tell which
// service a message is from (NotifyAccess=all in the unit).
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../controller/logger.js';

const HELPER = `
import json, os, socket, sys
address = os.environ["NOTIFY_SOCKET"]
if address.startswith("@"):
    address = "\\0" + address[1:]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for line in sys.stdin:
    try:
        sock.sendto(json.loads(line).encode(), address)
    except Exception as err:
        print("sd_notify: %s" % err, file=sys.stderr, flush=True)
`;

export class SystemdNotifier {
  private helper?: ChildProcess;
  private watchdog?: NodeJS.Timeout;

  private constructor(private readonly logger: Logger) {}

  /** A notifier when run by systemd with a notify socket; undefined otherwise (nothing to do). */
  static fromEnvironment(logger: Logger, env: NodeJS.ProcessEnv = process.env): SystemdNotifier | undefined {
    if (!env.NOTIFY_SOCKET) return undefined;
    const n = new SystemdNotifier(logger);
    n.helper = spawn(env.LAUNDRY_SORTER_PYTHON ?? 'python3', ['-u', '-c', HELPER], { stdio: ['pipe', 'ignore', 'pipe'], env });
    n.helper.on('error', (err) => logger.error(`cannot tell systemd we are ready: ${err.message}; install python3, or use Type=simple in the unit`));
    n.helper.stderr?.on('data', (d: Buffer) => logger.warn(d.toString().trim()));
    n.helper.stdin?.on('error', () => {});
    return n;
  }

  send(message: string): void {
    this.helper?.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  ready(status: string): void {
    this.send(`READY=1\nSTATUS=${status}\nMAINPID=${process.pid}`);
  }

  status(text: string): void {
    this.send(`STATUS=${text}`);
  }

  /**
   * Pings at a third of WatchdogSec, but only while `healthy()` says so: a blocked event loop
   * sends nothing, and neither does a sorter stuck in one garment, so systemd restarts it.
   */
  startWatchdog(healthy: () => boolean, env: NodeJS.ProcessEnv = process.env): void {
    const usec = Number(env.WATCHDOG_USEC);
    if (!(usec > 0) || (env.WATCHDOG_PID && Number(env.WATCHDOG_PID) !== process.pid)) return;
    const every = Math.max(50, usec / 1000 / 3);
    this.watchdog = setInterval(() => {
      if (healthy()) this.send('WATCHDOG=1');
      else this.logger.warn('not healthy: withholding the watchdog ping, systemd will restart the sorter');
    }, every);
    this.watchdog.unref();
  }

  stopping(): void {
    clearInterval(this.watchdog);
    this.send('STOPPING=1');
  }

  close(): void {
    clearInterval(this.watchdog);
    this.helper?.stdin?.end();
  }
}
