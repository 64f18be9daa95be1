import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLASS_NAMES } from '../../src/dataset/classes.js';
import { discoveryMessages, HomeAssistantDiscovery, retiredTopics } from '../../src/homeassistant/discovery.js';
import { Publisher } from '../../src/mqtt/publisher.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';

const input = { prefix: 'homeassistant', root: 'laundry-sorter/kitchen', node: 'kitchen', bins: ['tops', 'bottoms', 'reject'], version: '1.2.3', configurationUrl: 'http://sorter.local:8080/' };

// The keys Home Assistant's MQTT discovery documents as required for each platform.
const REQUIRED: Record<string, string[]> = {
  event: ['state_topic', 'event_types'],
  sensor: ['state_topic'],
  binary_sensor: ['state_topic'],
  button: ['command_topic'],
  number: ['command_topic'],
  image: ['image_topic', 'content_type'],
  switch: ['command_topic'],
};

test('discovery payloads carry what Home Assistant MQTT discovery requires', () => {
  const messages = discoveryMessages(input);
  const ids = messages.map((m) => m.payload.unique_id);
  assert.equal(new Set(ids).size, ids.length, 'unique ids');
  for (const { topic, payload } of messages) {
    assert.match(topic, /^homeassistant\/(event|sensor|binary_sensor|button|number|image|switch)\/kitchen\/[a-z_]+\/config$/, topic);
    assert.equal(typeof payload.name, 'string');
    assert.equal(payload.object_id, undefined, 'object_id is deprecated since Home Assistant 2025.10');
    assert.equal(payload.default_entity_id, `${topic.split('/')[1]}.${payload.unique_id}`);
    assert.deepEqual((payload.device as { identifiers: string[] }).identifiers, ['laundry_sorter_kitchen'], 'one device');
    assert.equal(payload.availability_topic, 'laundry-sorter/kitchen/status');
    assert.equal(payload.payload_available, 'online');
    assert.equal(payload.payload_not_available, 'offline');
    assert.equal((payload.device as { configuration_url?: string }).configuration_url, 'http://sorter.local:8080/', 'the device links to the live page');
    const component = topic.split('/')[1];
    for (const key of REQUIRED[component]) assert.ok(payload[key] !== undefined, `${topic}: ${key} is required`);
    if ('command_topic' in payload) assert.match(String(payload.command_topic), /^laundry-sorter\/kitchen\/request\/(set-paused|trigger|reload-model|set-threshold)$/);
    if ('state_topic' in payload) assert.match(String(payload.state_topic), /^laundry-sorter\/kitchen\/(decision|state)$/);
    if (payload.device_class === 'enum') assert.ok(Array.isArray(payload.options) && (payload.options as string[]).length > 0, `${topic}: an enum needs its options`);
  }
  const event = messages.find((m) => m.topic.startsWith('homeassistant/event/'))!.payload;
  assert.equal(event.state_topic, 'laundry-sorter/kitchen/decision');
  for (const t of [...CLASS_NAMES, 'rejected']) assert.ok((event.event_types as string[]).includes(t), `event type ${t}`);
  assert.match(String(event.value_template), /event_type/);
  const journal = messages.find((m) => m.topic.includes('/journal_problem/'))!.payload;
  assert.equal(journal.device_class, 'problem', 'shown as a problem in Home Assistant');
  assert.match(String(journal.value_template), /value_json\.journal\.health == 'ok'/);
  const names = messages.map((m) => m.topic.split('/')[3]);
  for (const wanted of ['last_class', 'last_colour', 'confidence', 'bin_tops', 'bin_bottoms', 'bin_reject', 'model', 'backlog', 'journal_problem', 'camera_problem', 'sorting', 'threshold', 'snapshot', 'model_input', 'reload_model', 'trigger']) assert.ok(names.includes(wanted), wanted);
  const lastClass = messages.find((m) => m.topic.includes('/last_class/'))!.payload;
  assert.deepEqual(lastClass.options, [...CLASS_NAMES, 'empty'], 'every state the template can give is an option');
  const threshold = messages.find((m) => m.topic.includes('/threshold/'))!.payload;
  assert.equal(threshold.command_template, '{"threshold": {{ value }}}', 'the set-threshold command\'s own argument');
  assert.deepEqual([threshold.min, threshold.max], [0, 1]);
  const confidence = messages.find((m) => m.topic.includes('/confidence/'))!.payload;
  assert.match(String(confidence.value_template), /this\.state if value_json\.action == 'empty'/, 'an empty tray adds no 0% point');
});

test('configs are retained on connect, and published again when Home Assistant comes online', async () => {
  const broker = await startMosquitto();
  // The broker still holds configs an older version published for entities since replaced.
  const old = await watch(broker.url, 'nothing/#');
  for (const topic of retiredTopics(input)) await old.client.publishAsync(topic, '{"name":"old"}', { qos: 1, retain: true });
  const publisher = new Publisher(broker.url, input.root, { url: broker.url, baseTopic: 'laundry-sorter', rejectUnauthorized: true, embeddedPort: 0 });
  publisher.start();
  new HomeAssistantDiscovery(publisher, input).start();
  try {
  // First see it published; then a client that connects afterwards must get it as retained.
  const first = await watch(broker.url, 'homeassistant/#');
  await first.next('homeassistant/event/kitchen/decision/config');
  const late = await watch(broker.url, 'homeassistant/#');
  const config = await late.next('homeassistant/event/kitchen/decision/config');
  assert.equal(config.retain, true, 'a dashboard connecting later still gets it');
  const count = discoveryMessages(input).length;
  const configs = () => late.messages.filter((m) => m.topic.endsWith('/config'));
  for (const deadline = Date.now() + 20_000; configs().length < count; await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail(`only ${configs().length} of ${count} retained configs arrived`);
  }
  const before = configs().length;
  await late.client.publishAsync('homeassistant/status', 'online');
  for (const deadline = Date.now() + 20_000; configs().length < before + count; await new Promise((r) => setTimeout(r, 20))) {
    if (Date.now() > deadline) assert.fail(`${configs().length - before} of ${count} configs again after the birth message`);
  }
  assert.deepEqual(new Set(configs().slice(before).filter((m) => m.payload !== '').map((m) => m.topic)), new Set(discoveryMessages(input).map((m) => m.topic)), 'every config again after the birth message');
  // The replaced entities are gone for a client connecting now: no retained config is left.
  const fresh = await watch(broker.url, 'homeassistant/#');
  await fresh.next('homeassistant/event/kitchen/decision/config');
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(fresh.messages.filter((m) => retiredTopics(input).includes(m.topic)), [], 'the replaced entities\' configs are cleared');
  } finally {
    await publisher.stop();
  }
});
