// `laundry-sorter run`: the only place that wires parts together.
import { existsSync, readFileSync } from 'node:fs';
import { createCamera } from '../camera/create-camera.js';
import { loadClassifier } from '../classifier/classifier.js';
import { loadConfig, redacted } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { Controller, type DecisionObserver } from '../controller/controller.js';
import { colourCheck } from '../doctor/colour-check.js';
import { consoleLogger, loggerFor, logsJson, type Logger } from '../controller/logger.js';
import { SystemdNotifier } from '../systemd/notifier.js';
import { Snapshots } from '../controller/snapshots.js';
import { UserError } from '../errors/user-error.js';
import { createBins, createLines } from '../gpio/create-bins.js';
import type { Lines } from '../gpio/lines.js';
import { initBackend } from '../model/backend.js';
import { startEmbeddedBroker, type EmbeddedBroker } from '../mqtt/embedded-broker.js';
import { Publisher, safeUrl } from '../mqtt/publisher.js';
import { Delivery } from '../journal/delivery.js';
import { Journal } from '../journal/journal.js';
import { startDashboard } from './dashboard.js';
import { OpenedParts } from './opened-parts.js';
import { SampleStore } from '../samples/sample-store.js';
import { ModelReloader } from '../hot-reload/model-reloader.js';
import { topicRoot } from '../mqtt/topic-root.js';
import type { Decision } from '../mqtt/topics.js';
import { decodeFrame } from '../preprocess/frame.js';
import { preprocessFrame, type PreprocessOptions } from '../preprocess/preprocess.js';
import { colourOptions } from '../colour/colour-config.js';
import { GpioTrigger } from '../trigger/gpio-trigger.js';
import { IntervalTrigger } from '../trigger/interval-trigger.js';
import { CommandOnlyTrigger } from '../trigger/command-only-trigger.js';
import { PresenceTrigger } from '../trigger/presence-trigger.js';
import type { Trigger } from '../trigger/trigger.js';
import type { Camera } from '../camera/camera.js';
import type { CommandSpec, Parsed } from './args.js';

export const RUN_SPEC: CommandSpec = {
  name: 'run',
  usage: 'laundry-sorter run [--config FILE] [--quiet]',
  summary: 'Run the sorter: capture, classify, open the bin, publish each decision over MQTT. With config/demo.yaml it needs no hardware.',
  flags: {
    config: { type: 'string', default: 'config/demo.yaml', value: 'FILE', description: 'YAML config (the device uses /etc/laundry-sorter/config.yaml)' },
    quiet: { type: 'boolean', default: false, description: 'do not print each decision' },
  },
  epilog: ['Stops cleanly on Ctrl-C or SIGTERM: outputs go to their safe level and `offline` is published.', 'SIGHUP, the reload-model MQTT command, or a change of the model pointer (a push) loads the new model between two garments.', 'Exit code 78: the config is wrong (each problem is printed).'],
};

async function referenceOf(config: Config): Promise<PreprocessOptions> {
  const { tray, reference } = config.preprocess;
  const pose = { pose: config.pose.method, views: config.pose.views };
  if (!reference) return { tray, ...pose, colour: colourOptions(config) };
  if (!existsSync(reference)) throw new UserError(`preprocess.reference ${reference} does not exist`, { hint: 'run `laundry-sorter calibrate` with the tray empty, or remove the setting' });
  const frame = await decodeFrame(readFileSync(reference), { tray });
  return { tray, ...pose, reference: frame, colour: colourOptions(config, frame) };
}

function createTrigger(config: Config, lines: Lines, camera: Camera, preprocess: PreprocessOptions): Trigger {
  const t = config.trigger;
  switch (t.kind) {
    case 'interval': return new IntervalTrigger(t.everyMs);
    case 'gpio': return new GpioTrigger(lines, t.pin, t.edge, t.debounceMs);
    case 'mqtt': return new CommandOnlyTrigger();
    case 'presence': return new PresenceTrigger(camera, (bytes) => preprocessFrame(bytes, preprocess), t.stillFrames, t.everyMs);
  }
}

/** One decision in words: class, confidence, colour group, bin, time taken. */
export function describeDecision(d: Decision): string {
  if (d.action === 'empty') return 'empty tray';
  const colour = d.colour ? ` ${d.colour.group === 'unknown' ? 'colour?' : d.colour.group}` : '';
  const what = `${d.name} ${((d.confidence ?? 0) * 100).toFixed(0)}%${colour}`;
  const turned = d.pose && d.pose.turn !== 0 ? `  [lay turned ${Math.round((360 - d.pose.turn) % 360)}°]` : '';
  return `${what.padEnd(25)} → ${d.bin}${d.action === 'rejected' ? ` (rejected: ${d.reason ?? 'low confidence'})` : ''}  ${d.timings.total.toFixed(1)} ms${turned}`;
}

/** A decision as the terminal shows it: its time, describeDecision, and its id (to find it on MQTT and in the journal). */
export function formatDecision(d: Decision): string {
  return `${d.timestamp.slice(11, 23)}  ${describeDecision(d)}  ${d.id}`;
}

export interface RunningSorter { controller: Controller; reloader: ModelReloader; stop: () => Promise<void>; url: string; root: string; webUrl?: string }

export async function runSorter(configFile: string, options: { logger?: Logger; quiet?: boolean } = {}): Promise<RunningSorter> {
  const config = loadConfig(configFile);
  const logger = options.logger ?? loggerFor(config.log);
  logger.debug(`config: ${JSON.stringify(redacted(config))}`);
  const opened = new OpenedParts();
  try {
    return await startSorter(config, logger, opened, options.quiet === true);
  } catch (err) {
    await opened.closeAll(logger);
    throw err;
  }
}

async function startSorter(config: Config, logger: Logger, opened: OpenedParts, quiet: boolean): Promise<RunningSorter> {
  const backend = await initBackend(config.model.backend);
  const classifier = await loadClassifier(config.model.dir);
  opened.add('model', () => classifier.dispose());
  let broker: EmbeddedBroker | undefined;
  let url = config.mqtt.url;
  if (url === 'embedded') {
    broker = await startEmbeddedBroker(config.mqtt.embeddedPort);
    opened.add('embedded broker', () => broker!.close());
    url = broker.url;
    logger.info(`MQTT broker running in-process at ${url}: watch with  mosquitto_sub -h 127.0.0.1 -p ${broker.port} -t '${config.mqtt.baseTopic}/#' -T '${config.mqtt.baseTopic}/+/snapshot/#' -v`);
  }
  const root = topicRoot(config.mqtt.baseTopic, config.mqtt.deviceId);
  const publisher = new Publisher(url, root, config.mqtt, {
    onConnect: () => logger.info(`connected to ${safeUrl(url)}; publishing under ${root}/`),
    onError: (m) => logger.warn(m),
  });
  const preprocess = await referenceOf(config);
  const colour = colourCheck(config);
  if (colour.status !== 'ok') logger.info(`note: ${colour.detail}; ${colour.hint}`);
  const lines = await createLines(config.gpio, logger);
  opened.add('GPIO', () => lines.close?.());
  const camera = createCamera(config.camera);
  // The state topic, page and metrics show the journal's health: tell the controller (made below) when it changes.
  let journalHealthChanged = () => {};
  const journal = new Journal(config.journal.dir, {
    maxUndelivered: config.journal.maxUndelivered,
    onDrop: (m) => logger.error(m),
    onHealth: (health, m) => {
      if (health === 'ok') logger.info(m); else logger.error(m);
      journalHealthChanged();
    },
  });
  if (journal.tornBytes > 0) logger.warn(`journal: cut off ${journal.tornBytes} bytes of a record a crash interrupted (it was never reported)`);
  if (journal.skippedLines > 0) logger.warn(`journal: skipped ${journal.skippedLines} line(s) that are not records`);
  const delivery = new Delivery(journal, publisher, logger);
  const samples = new SampleStore(config.samples);
  const observers: DecisionObserver[] = [(d, seen) => { void samples.add(d, seen, (m) => logger.warn(m)); }];
  const controller = new Controller({
    camera, classifier, publisher, logger, preprocess, backend: backend.name, journal, delivery, observers,
    bins: createBins(config.gpio, lines),
    trigger: createTrigger(config, lines, camera, preprocess),
    snapshots: new Snapshots(config.snapshots),
    sorting: config.sorting,
    pose: { combine: config.pose.combine, minAgreement: config.pose.minAgreement },
    // One format per stream: in a JSON log (journald, or log.format json) a decision is a log
    // event like any other; on a terminal, a line of its own.
    onDecision: quiet ? undefined : logsJson(config.log) ? (d) => logger.info(`decision ${d.id}: ${describeDecision(d)}`) : (d) => process.stdout.write(`${formatDecision(d)}\n`),
  });
  opened.add('journal', () => journal.close());
  journalHealthChanged = () => controller.refreshState();
  // As acknowledgements come (a replay after an outage, say) the backlog shrinks: the state says so without waiting for the next garment.
  delivery.onDelivered = () => controller.refreshState();
  // Stops whatever of bins, camera, trigger and publisher had started.
  opened.add('sorter', () => controller.stop(0));
  await controller.start();
  delivery.start();
  const reloader = new ModelReloader(config.model.dir, controller, loadClassifier, logger, root);
  await reloader.start();
  opened.add('model watcher', () => reloader.stop());
  const dashboard = await startDashboard(config, { controller, reloader, publisher, logger, root, observers, samples });
  const stop = async () => {
    reloader.stop();
    await dashboard.stop();
    await controller.stop();
    // After the bins are at their safe levels and released: the helper holding them can go.
    await lines.close?.();
    await samples.flush();
    controller.classifier.dispose();
    await broker?.close();
  };
  return { controller, reloader, stop, url, root, webUrl: dashboard.webUrl };
}

export async function runRun(values: Parsed['values'], _p: string[], log: (line: string) => void): Promise<number> {
  // Handlers go in before anything starts: the trigger fires as soon as the controller
  // starts, and a SIGTERM in the rest of start-up would otherwise kill the process uncleanly.
  const stopRequested = untilStopSignal(log);
  let reloader: Awaited<ReturnType<typeof runSorter>>['reloader'] | undefined;
  // SIGHUP (systemctl reload) loads whatever `current` points to now; during start-up the
  // model is being loaded anyway, so an early one has nothing to do.
  const onHangup = () => { void reloader?.reload('SIGHUP'); };
  process.on('SIGHUP', onHangup);
  try {
    const sorter = await runSorter(String(values.config), { quiet: values.quiet === true });
    reloader = sorter.reloader;
    const systemd = SystemdNotifier.fromEnvironment(consoleLogger());
    systemd?.ready(`sorting with ${sorter.controller.classifier.modelId}`);
    systemd?.startWatchdog(() => sorter.controller.healthy());
    await stopRequested.signalled;
    systemd?.stopping();
    await sorter.stop();
    systemd?.close();
    return 0;
  } finally {
    process.off('SIGHUP', onHangup);
    stopRequested.release();
  }
}

/** Resolves on the first SIGINT or SIGTERM; `release` gives the signals back to Node's defaults. */
function untilStopSignal(log: (line: string) => void): { signalled: Promise<void>; release: () => void } {
  let onSignal: (signal: string) => void = () => {};
  const signalled = new Promise<void>((resolve) => {
    onSignal = (signal: string) => {
      log(`${signal}: stopping`);
      release();
      resolve();
    };
  });
  const release = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signalled, release };
}
