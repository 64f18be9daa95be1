// The sorter's own small HTTP server: the live page (/), its event stream (/events), the last
// frame and 28×28 (/snapshot/…), the state as JSON (/state) and Prometheus metrics (/metrics).
// Loopback only by default; with a password (HTTP basic auth, any user name) it may listen wider.
// Every response carries a strict Content-Security-Policy and no-sniff/no-frame headers; without
// a password, requests must name this host (a DNS-rebinding page cannot read it); wrong
// passwords are slowed down per address.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Decision, SorterState } from '../mqtt/topics.js';
import type { LastSeen } from './last-seen.js';
import { PAGE, PAGE_CSP } from './page.js';
import { LoginThrottle } from './login-throttle.js';

/** Names a browser on this machine uses for it: a page on another name is not ours to serve. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]', '::1'];

const SECURITY_HEADERS = {
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
};

export interface WebOptions {
  /** HTTP basic auth (any user name); required when listening beyond loopback. */
  password?: string;
  /** Host names the page may be asked for besides loopback ones (checked when there is no password). */
  hostNames?: string[];
  now?: () => number;
}

export interface WebSources {
  state(): SorterState;
  metrics(): string | Promise<string>;
  seen: LastSeen;
  /** Records the right class for a garment (the label-last path); throws a readable Error if it cannot. */
  label?(decision: string, cls: string | number): { decision: string; label: string; predicted: string | null };
}

/** Shown until the first garment, so the page never opens on broken images. */
const PLACEHOLDER = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240"><rect width="320" height="240" fill="#e4e2dc"/>'
  + '<text x="160" y="125" font-family="sans-serif" font-size="16" text-anchor="middle" fill="#777">waiting for the first garment</text></svg>');
const LABEL_BYTES = 1024;

const HISTORY = 50;
/** Live pages open at once: each holds a socket and gets every event; more is someone's script, not people. */
export const MAX_CLIENTS = 32;
const STATE_EVERY_MS = 1000;

export class WebServer {
  private server?: Server;
  private readonly clients = new Set<ServerResponse>();
  private readonly history: Decision[] = [];
  private timer?: NodeJS.Timeout;

  private readonly throttle: LoginThrottle;
  private readonly password?: string;
  private readonly hostNames: Set<string>;

  constructor(private readonly sources: WebSources, options: WebOptions = {}) {
    this.password = options.password;
    this.hostNames = new Set([...LOOPBACK_NAMES, ...(options.hostNames ?? [])].map((h) => h.toLowerCase()));
    this.throttle = new LoginThrottle(options.now);
  }

  async listen(host: string, port: number): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.timer = setInterval(() => this.broadcast('state', this.sources.state()), STATE_EVERY_MS);
    this.timer.unref();
    const { port: bound } = this.server.address() as AddressInfo;
    return `http://${host.includes(':') ? `[${host}]` : host}:${bound}/`;
  }

  decision(d: Decision): void {
    this.history.push(d);
    if (this.history.length > HISTORY) this.history.shift();
    this.broadcast('decision', d);
  }

  private passwordMatches(req: IncomingMessage): boolean {
    const m = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const given = Buffer.from(Buffer.from(m[1], 'base64').toString('utf8').split(':').slice(1).join(':'));
    const want = Buffer.from(this.password!);
    return given.length === want.length && timingSafeEqual(given, want);
  }

  /** The Host header without its port, lower-cased. */
  private static hostOf(req: IncomingMessage): string {
    const host = (req.headers.host ?? '').toLowerCase();
    return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
  }

  /** Refuses the request (and answers it) unless it may be served; true when it may. */
  private admit(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.password) {
      if (this.hostNames.has(WebServer.hostOf(req))) return true;
      res.writeHead(421, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('this sorter does not answer to that host name (add it to web.hostNames)\n');
      return false;
    }
    const address = req.socket.remoteAddress ?? '?';
    const wait = this.throttle.waitFor(address);
    if (wait > 0) {
      res.writeHead(429, { ...SECURITY_HEADERS, 'retry-after': String(Math.ceil(wait / 1000)), 'content-type': 'text/plain' }).end('too many wrong passwords; wait and try again\n');
      return false;
    }
    if (this.passwordMatches(req)) {
      this.throttle.succeeded(address);
      return true;
    }
    if (req.headers.authorization) this.throttle.failed(address);
    res.writeHead(401, { ...SECURITY_HEADERS, 'www-authenticate': 'Basic realm="laundry-sorter"', 'content-type': 'text/plain' }).end('password required\n');
    return false;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (!this.admit(req, res)) return;
    const path = (req.url ?? '/').split('?')[0];
    const send = (type: string, body: string | Buffer | undefined) => {
      if (body === undefined) { res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('nothing yet\n'); return; }
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    switch (path) {
      case '/': return send('text/html; charset=utf-8', PAGE);
      case '/state': return send('application/json', JSON.stringify(this.sources.state()));
      case '/metrics':
        void Promise.resolve(this.sources.metrics()).then((text) => send('text/plain; version=0.0.4; charset=utf-8', text), () => res.writeHead(500).end());
        return;
      case '/snapshot/frame.jpg': return this.sources.seen.frame ? send('image/jpeg', this.sources.seen.frame) : send('image/svg+xml', PLACEHOLDER);
      case '/snapshot/input.png': return this.sources.seen.input ? send('image/png', this.sources.seen.input) : send('image/svg+xml', PLACEHOLDER);
      case '/events': return this.stream(res);
      case '/label': return this.label(req, res);
      default: {
        const garment = /^\/snapshot\/input\/([0-9A-Za-z]{1,40})\.png$/.exec(path);
        if (garment) return send('image/png', this.sources.seen.recent.get(garment[1]));
        res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain' }).end('not found\n');
      }
    }
  }

  /**
   * POST /label {"decision": id, "class": name or index}: the page's labelling. JSON only and
   * same-origin only: a form on another site can send neither (no CSRF), on top of the
   * password or host-name check every request passes.
   */
  private label(req: IncomingMessage, res: ServerResponse): void {
    const reply = (status: number, body: unknown) => res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method !== 'POST') return void reply(405, { error: 'POST a JSON {"decision": …, "class": …}' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return void reply(415, { error: 'send JSON' });
    const origin = req.headers.origin;
    if (origin && (() => { try { return new URL(origin).host !== req.headers.host; } catch { return true; } })()) return void reply(403, { error: 'labels come from this page only' });
    if (!this.sources.label) return void reply(503, { error: 'labelling is off (no sample store)' });
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk; if (body.length > LABEL_BYTES) req.destroy(); });
    req.on('end', () => {
      try {
        const { decision, class: cls } = JSON.parse(body) as { decision?: unknown; class?: unknown };
        if (typeof decision !== 'string' || (typeof cls !== 'string' && typeof cls !== 'number')) return void reply(400, { error: 'expected {"decision": "<id>", "class": "<name or index>"}' });
        reply(200, this.sources.label!(decision, cls));
      } catch (err) {
        reply(400, { error: (err as Error).message.split('\n')[0] });
      }
    });
  }

  private stream(res: ServerResponse): void {
    if (this.clients.size >= MAX_CLIENTS) {
      res.writeHead(503, { ...SECURITY_HEADERS, 'retry-after': '10', 'content-type': 'text/plain' }).end(`already ${MAX_CLIENTS} live pages open\n`);
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`event: state\ndata: ${JSON.stringify(this.sources.state())}\n\n`);
    res.write(`event: history\ndata: ${JSON.stringify(this.history)}\n\n`);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  private broadcast(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of this.clients) c.write(message);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const c of this.clients) c.end();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
