// Child process: deploys against a real sshd while a real sorter keeps sorting. Pushes the two
// shipped models back and forth ROUNDS times with the `push` CLI, timing each from its start
// to its exit (it exits once the running sorter confirms the new model), and counts decisions
// the sorter made against those that reached the broker. Usage: node push-swap.js ROUNDS
import { readlinkSync } from 'node:fs';
import { join } from 'node:path';
import mqtt from 'mqtt';
import type { Decision, SorterState } from '../src/mqtt/topics.js';
import { CLI, runCli } from '../test/helpers/cli.js';
import { startMosquitto } from '../test/helpers/mosquitto.js';
import { manualScope } from '../test/helpers/scope.js';
import { makeDevice, REPO, startSorterProcess } from '../test/helpers/sorter-process.js';
import { startSshd } from '../test/helpers/sshd.js';
import { median } from './measure.js';

const rounds = Number(process.argv[2] ?? 5);
const scope = manualScope();
const models = [readlinkSync(join(REPO, 'models', 'current')), readlinkSync(join(REPO, 'models', 'tutorial-cnn'))];
const broker = await startMosquitto({ deepQueues: true }, scope);
const sshd = await startSshd(scope);
const device = makeDevice('tutorial-cnn', scope);

const decisions: Decision[] = [];
let state: SorterState | undefined;
const watcher = mqtt.connect(broker.url);
await new Promise<void>((r) => watcher.once('connect', () => watcher.subscribe(['test/sorter1/decision', 'test/sorter1/state'], { qos: 1 }, () => r())));
watcher.on('message', (topic, payload) => {
  if (topic.endsWith('/decision')) decisions.push(JSON.parse(payload.toString()) as Decision);
  else state = JSON.parse(payload.toString()) as SorterState;
});
const sorter = await startSorterProcess(device, broker.url, { everyMs: 50 }, scope);

const seconds: number[] = [];
try {
  for (let i = 0; i < rounds; i++) {
    const model = models[i % 2];
    const started = performance.now();
    // --force: every other push is the tutorial CNN, which the accuracy gate rightly refuses;
    // this measures the swap, so it pushes the weaker model anyway.
    const r = await runCli(['push', join(REPO, 'models', model), '--force', '--host', sshd.target, '--identity', sshd.identity, '--known-hosts', sshd.knownHosts,
      '--remote-dir', device, '--remote-command', `${process.execPath} ${CLI}`]);
    if (r.code !== 0) throw new Error(`push ${i + 1} failed: ${r.stderr}`);
    seconds.push((performance.now() - started) / 1000);
    await new Promise((r) => setTimeout(r, 500));
  }
} catch (err) {
  // A failed push must not leave the sorter, broker and sshd it started running.
  await scope.close();
  throw err;
}
await sorter.stop();
await new Promise((r) => setTimeout(r, 500));
watcher.end(true);
const counted = state ? state.counts.actions.sorted + state.counts.actions.rejected + state.counts.actions.empty : NaN;
const ids = decisions.map((d) => d.modelId);
const switches = ids.filter((m, i) => i > 0 && m !== ids[i - 1]).length;
await scope.close();
process.stdout.write(JSON.stringify({
  rounds, pushToServingMedianSeconds: median(seconds), pushSeconds: seconds,
  decisionsMade: counted, decisionsDelivered: decisions.length, lost: counted - decisions.length, modelSwitchesSeen: switches, lastError: state?.lastError ?? null,
}));
process.exit(0);
