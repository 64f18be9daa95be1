// The one module that owns the MQTT client. Everything else publishes through it by topic
// name; it adds the topic root, sets the last will, announces `online` on every connect and
// reconnects with backoff. The broker may be away: publish() then waits for it, and the
// sorting loop does not (see controller).
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { readFileSync } from 'node:fs';
import type { Config } from '../config/schema.js';
import { encodePayload, TOPICS, type TopicPayloads } from './topics.js';

export interface PublisherEvents {
  onConnect?: () => void;
  onDisconnect?: (reason: string) => void;
  /** One line, never containing the password. */
  onError?: (message: string) => void;
}

export const RECONNECT_MIN_MS = 1000;
export const RECONNECT_MAX_MS = 30_000;

export class Publisher {
  private client?: MqttClient;
  private backoff = RECONNECT_MIN_MS;
  private readonly handlers = new Map<string, (payload: Buffer) => void>();
  private readonly trees: { prefix: string; handler: (suffix: string, payload: Buffer) => void }[] = [];
  private readonly connectListeners: (() => void)[] = [];
  reconnects = 0;

  constructor(private readonly url: string, readonly root: string, private readonly settings: Config['mqtt'], private readonly events: PublisherEvents = {}) {}

  /** How long the client waits before its next connection attempt (it doubles after each failure). */
  get retryDelayMs(): number {
    return this.backoff;
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  topic(name: keyof TopicPayloads | string): string {
    const suffix = name in TOPICS ? TOPICS[name as keyof TopicPayloads].suffix : name;
    if (/[+#]/.test(suffix)) throw new Error(`refusing to publish to a wildcard topic: ${suffix}`);
    return `${this.root}/${suffix}`;
  }

  private options(): IClientOptions {
    const s = this.settings;
    const file = (p: string | undefined) => (p ? readFileSync(p) : undefined);
    return {
      clientId: `laundry-sorter-${this.root.replace(/\//g, '-')}`,
      clean: true,
      reconnectPeriod: RECONNECT_MIN_MS,
      // Keep trying after a refused login too: credentials are often fixed on the broker side.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      username: s.username,
      password: s.password,
      ca: file(s.ca),
      cert: file(s.cert),
      key: file(s.key),
      rejectUnauthorized: s.rejectUnauthorized,
      will: { topic: this.topic('status'), payload: Buffer.from('offline'), qos: 1, retain: true },
    };
  }

  /** Starts connecting and returns at once; the client keeps trying in the background. */
  start(): void {
    const client = mqtt.connect(this.url, this.options());
    this.client = client;
    client.on('connect', () => {
      this.backoff = RECONNECT_MIN_MS;
      client.options.reconnectPeriod = RECONNECT_MIN_MS;
      client.publish(this.topic('status'), 'online', { qos: 1, retain: true });
      this.events.onConnect?.();
      for (const listener of this.connectListeners) listener();
    });
    client.on('reconnect', () => {
      this.reconnects++;
      // Back off: 1 s, 2 s, 4 s … 30 s, so a refused login is not retried in a tight loop.
      this.backoff = Math.min(RECONNECT_MAX_MS, this.backoff * 2);
      client.options.reconnectPeriod = this.backoff;
    });
    client.on('close', () => this.events.onDisconnect?.('connection closed'));
    client.on('message', (topic, payload) => {
      this.handlers.get(topic)?.(payload);
      for (const t of this.trees) if (topic.startsWith(t.prefix)) t.handler(topic.slice(t.prefix.length), payload);
    });
    client.on('error', (err) => this.events.onError?.(describeMqttError(err, this.url)));
  }

  /**
   * Listens on <root>/<suffix> (no wildcards). Subscriptions are remade on every reconnect,
   * since the session is clean.
   */
  subscribe(suffix: string, handler: (payload: Buffer) => void): void {
    this.subscribeExact(this.topic(suffix), handler);
  }

  /** Called on every connect and reconnect (after `online` is published). */
  onConnected(listener: () => void): void {
    this.connectListeners.push(listener);
    if (this.client?.connected) listener();
  }

  /** Listens on a full topic, also outside the root (Home Assistant's birth message). */
  subscribeExact(topic: string, handler: (payload: Buffer) => void): void {
    this.handlers.set(topic, handler);
    this.keepSubscribed(topic);
  }

  private keepSubscribed(filter: string): void {
    const client = this.client;
    if (!client) throw new Error('the publisher is not started');
    const sub = () => client.subscribe(filter, { qos: 1 });
    if (client.connected) sub();
    client.on('connect', sub);
  }

  /** Listens on everything under <root>/<prefix>/; the handler gets the rest of the topic. */
  subscribeTree(prefix: string, handler: (suffix: string, payload: Buffer) => void): void {
    const base = `${this.topic(prefix)}/`;
    this.trees.push({ prefix: base, handler });
    this.keepSubscribed(`${base}#`);
  }


  /** Publishes and resolves on PUBACK (QoS 1); waits while the broker is away. */
  publish<K extends keyof TopicPayloads>(name: K, payload: TopicPayloads[K]): Promise<void> {
    const t = TOPICS[name];
    return this.publishRaw(this.topic(name), encodePayload(payload), t.qos, t.retain);
  }

  publishRaw(topic: string, payload: string | Buffer, qos: 0 | 1 = 1, retain = false): Promise<void> {
    const client = this.client;
    if (!client) return Promise.reject(new Error('the publisher is not started'));
    return new Promise((resolve, reject) => client.publish(topic, payload, { qos, retain }, (err) => (err ? reject(err) : resolve())));
  }

  /** Announces `offline` (the will covers crashes; this covers clean stops) and disconnects. */
  async stop(timeoutMs = 1000): Promise<void> {
    const client = this.client;
    if (!client) return;
    if (client.connected) {
      await Promise.race([this.publishRaw(this.topic('status'), 'offline', 1, true).catch(() => {}), new Promise((r) => setTimeout(r, timeoutMs))]);
    }
    await new Promise<void>((resolve) => client.end(true, {}, () => resolve()));
    this.client = undefined;
  }
}

/** Broker URL without credentials, for messages. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

export function describeMqttError(err: Error & { code?: string | number }, url: string): string {
  const where = safeUrl(url);
  if (err.code === 5 || /not authori[sz]ed/i.test(err.message)) return `broker ${where} refused the credentials (not authorized); retrying with backoff — check mqtt.username/password or LAUNDRY_SORTER_MQTT_*`;
  if (err.code === 4 || /bad user ?name or password/i.test(err.message)) return `broker ${where} refused the username or password; retrying with backoff`;
  if (err.code === 'ECONNREFUSED') return `broker ${where} is not accepting connections (ECONNREFUSED); retrying with backoff`;
  if (err.code === 'ENOTFOUND') return `broker host in ${where} not found (DNS); retrying with backoff`;
  return `MQTT error from ${where}: ${err.message.split('\n')[0]}`;
}
