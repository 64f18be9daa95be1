// After a pointer switch: wait for the running sorter to say, in serving.json, that it loaded
// the model, or that it refused it.
import type { RemoteModels } from './remote-models.js';

export type ServingOutcome =
  | { kind: 'serving'; seconds: number; topicRoot: string }
  | { kind: 'refused'; message: string }
  | { kind: 'no-sorter'; note: string }
  | { kind: 'timeout'; seconds: number };

const POLL_MS = 200;

export async function awaitServing(remote: RemoteModels, modelId: string, since: Date, timeoutSeconds: number): Promise<ServingOutcome> {
  const started = Date.now();
  const first = await remote.serving();
  if (!first) return { kind: 'no-sorter', note: `no sorter has written ${remote.path('serving.json')}; the model will be used when the sorter starts` };
  if (!(await remote.sorterAlive(first))) return { kind: 'no-sorter', note: `the sorter that last wrote serving.json (pid ${first.pid}) is not running; the model will be used when it starts` };
  for (;;) {
    const s = await remote.serving();
    if (s?.modelId === modelId && s.dir.endsWith(`/${modelId}`)) return { kind: 'serving', seconds: (Date.now() - started) / 1000, topicRoot: s.topicRoot };
    if (s?.failed && s.failed.dir.endsWith(`/${modelId}`) && new Date(s.failed.at) >= since) return { kind: 'refused', message: s.failed.message };
    if (Date.now() - started > timeoutSeconds * 1000) return { kind: 'timeout', seconds: timeoutSeconds };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
