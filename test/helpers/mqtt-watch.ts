// A subscriber that collects what arrives, for asserting on what a dashboard would see.
import mqtt, { type MqttClient } from 'mqtt';
import { after } from 'node:test';

export interface Received { topic: string; payload: string; retain: boolean }

export interface Watcher {
  messages: Received[];
  /** Resolves with the first message on `topic` (optionally matching `payload`) arriving within `ms`. */
  next(topic: string, payload?: string | RegExp, ms?: number): Promise<Received>;
  close(): Promise<void>;
  client: MqttClient;
}

export async function watch(url: string, topic: string, options: { username?: string; password?: string } = {}): Promise<Watcher> {
  const client = mqtt.connect(url, { reconnectPeriod: 200, ...options });
  const messages: Received[] = [];
  const waiters: { match: (m: Received) => boolean; resolve: (m: Received) => void }[] = [];
  client.on('message', (t, p, packet) => {
    const m = { topic: t, payload: p.toString(), retain: packet.retain };
    messages.push(m);
    for (const w of [...waiters]) if (w.match(m)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(m); }
  });
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => client.subscribe(topic, { qos: 1 }, (err) => (err ? reject(err) : resolve())));
    client.once('error', reject);
  });
  const w: Watcher = {
    messages, client,
    next(t, payload, ms = 5000) {
      const match = (m: Received) => m.topic === t && (payload === undefined || (typeof payload === 'string' ? m.payload === payload : payload.test(m.payload)));
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message on ${t}${payload ? ` matching ${payload}` : ''} within ${ms} ms; got ${JSON.stringify(messages.slice(-5))}`)), ms);
        waiters.push({ match, resolve: (m) => { clearTimeout(timer); resolve(m); } });
      });
    },
    close: () => new Promise<void>((resolve) => client.end(true, {}, () => resolve())),
  };
  after(() => w.close());
  return w;
}
