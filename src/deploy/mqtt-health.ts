// The canary's health as a dashboard would see it: <root>/status `online` and <root>/state
// naming the new model with the camera ok.
import mqtt from 'mqtt';
import { UserError } from '../errors/user-error.js';
import type { SorterState } from '../mqtt/topics.js';

export async function awaitHealthyOnMqtt(url: string, topicRoot: string, modelId: string, timeoutSeconds: number): Promise<void> {
  const client = mqtt.connect(url, { connectTimeout: 10_000, reconnectPeriod: 1000 });
  let status = '';
  let state: SorterState | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        const seen = state ? `state shows ${state.modelId}, camera ${state.camera}` : 'no state message';
        reject(new UserError(`${topicRoot}: not healthy on ${modelId} within ${timeoutSeconds} s (status ${status || 'unknown'}, ${seen})`));
      }, timeoutSeconds * 1000);
      const check = () => {
        if (status === 'online' && state?.modelId === modelId && state.camera === 'ok') { clearTimeout(timer); resolve(); }
      };
      client.on('connect', () => client.subscribe([`${topicRoot}/status`, `${topicRoot}/state`], { qos: 1 }));
      client.on('message', (topic, payload) => {
        if (topic.endsWith('/status')) status = payload.toString();
        else try { state = JSON.parse(payload.toString()) as SorterState; } catch { /* not ours */ }
        check();
      });
    });
  } finally {
    await client.endAsync(true).catch(() => {});
  }
}
