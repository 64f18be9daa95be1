// Everything a person watching the sorter uses, wired around a running controller: Home
// Assistant discovery, commands, the snapshot topics, the live page and /metrics.
import { hostname } from 'node:os';
import { CommandRouter } from '../commands/command-router.js';
import { sorterCommands } from '../commands/sorter-commands.js';
import type { Config } from '../config/schema.js';
import type { Controller, DecisionObserver } from '../controller/controller.js';
import type { Logger } from '../controller/logger.js';
import { HomeAssistantDiscovery } from '../homeassistant/discovery.js';
import type { ModelReloader } from '../hot-reload/model-reloader.js';
import type { SampleStore } from '../samples/sample-store.js';
import { SorterMetrics } from '../metrics/metrics.js';
import type { Publisher } from '../mqtt/publisher.js';
import { SnapshotTopics } from '../mqtt/snapshot-topics.js';
import { LastSeen } from '../web/last-seen.js';
import { WebServer } from '../web/web-server.js';

export { VERSION } from '../version/version.js';
import { VERSION } from '../version/version.js';

export interface Dashboard { webUrl?: string; stop(): Promise<void> }

/** Observers are added to `observers`, the array the controller was built with. */
export async function startDashboard(config: Config, parts: { controller: Controller; reloader: ModelReloader; publisher: Publisher; logger: Logger; root: string; observers: DecisionObserver[]; samples: SampleStore }): Promise<Dashboard> {
  const { controller, publisher, logger, root } = parts;
  const metrics = new SorterMetrics();
  const seen = new LastSeen();
  const snapshots = config.snapshots.publish ? new SnapshotTopics(publisher, seen) : undefined;
  const web = config.web.enabled ? new WebServer({
    state: () => controller.state(), metrics: () => metrics.renderAll(controller.state(), controller.errorCounts), seen,
    // The page labels a garment the way the label-last command does: into the sample store.
    label: (decision, cls) => { const r = parts.samples.label(decision, cls); return { decision: r.decisionId, label: r.labelName, predicted: r.predictedName }; },
  }, { password: config.web.password, hostNames: config.web.hostNames }) : undefined;
  parts.observers.push((d, what) => {
    metrics.observe(d);
    void seen.update(what, d.id).then(() => { snapshots?.changed(); web?.decision(d); });
  });
  if (config.commands.enabled) new CommandRouter(publisher, sorterCommands(controller, parts.reloader, parts.samples), logger).start();
  let webUrl: string | undefined;
  if (web) {
    webUrl = await web.listen(config.web.host, config.web.port);
    logger.info(`live page at ${webUrl}  (metrics: ${webUrl}metrics)`);
  }
  if (config.homeassistant.enabled) {
    const node = root.split('/').pop()!;
    new HomeAssistantDiscovery(publisher, {
      prefix: config.homeassistant.discoveryPrefix, root, node, bins: [...Object.keys(config.sorting.bins), config.sorting.rejectBin], version: VERSION,
      configurationUrl: config.homeassistant.configurationUrl ?? (webUrl && pageUrlForOthers(config.web, webUrl)),
    }).start();
  }
  return {
    webUrl,
    async stop() {
      snapshots?.stop();
      await web?.close();
    },
  };
}

/** The live page as another machine (Home Assistant) reaches it: by name when it listens beyond loopback. */
function pageUrlForOthers(web: Config['web'], listening: string): string {
  const url = new URL(listening);
  if (['127.0.0.1', '::1', 'localhost', '[::1]'].includes(url.hostname)) return listening;
  return `http://${web.hostNames[0] ?? `${hostname()}.local`}:${url.port}/`;
}
