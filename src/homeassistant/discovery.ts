// Home Assistant MQTT discovery: retained configs under <prefix>/<component>/<node>/<object>/config
// that make the sorter appear as one device with no YAML. They are published on every connect
// and again whenever Home Assistant announces itself on <prefix>/status (its birth message),
// so a restarted Home Assistant finds the sorter too. Availability follows <root>/status,
// which the broker sets to `offline` through the last will if the sorter dies.
import { CLASS_NAMES } from '../dataset/classes.js';
import { COLOUR_GROUPS } from '../colour/colour-group.js';
import type { Publisher } from '../mqtt/publisher.js';

export interface DiscoveryMessage { topic: string; payload: Record<string, unknown> }

export interface DiscoveryInput {
  prefix: string;
  root: string;
  /** Node id: letters, digits, _ and - (the last part of the root). */
  node: string;
  bins: string[];
  version: string;
  /** The live page, linked from the device in Home Assistant ("Visit"). */
  configurationUrl?: string;
}

export const EVENT_TYPES = [...CLASS_NAMES, 'rejected', 'empty'];

export function discoveryMessages(input: DiscoveryInput): DiscoveryMessage[] {
  const { prefix, root, node } = input;
  const id = (object: string) => `laundry_sorter_${node}_${object}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const common = {
    availability_topic: `${root}/status`,
    payload_available: 'online',
    payload_not_available: 'offline',
    device: {
      identifiers: [`laundry_sorter_${node}`],
      name: `Laundry sorter ${node}`,
      manufacturer: 'laundry-sorter',
      model: 'Camera garment sorter',
      sw_version: input.version,
      ...(input.configurationUrl ? { configuration_url: input.configurationUrl } : {}),
    },
    origin: { name: 'laundry-sorter', sw_version: input.version },
  };
  const entity = (component: string, object: string, config: Record<string, unknown>): DiscoveryMessage => ({
    topic: `${prefix}/${component}/${node}/${object}/config`,
    // default_entity_id, not object_id: Home Assistant deprecated object_id in 2025.10.
    payload: { ...common, unique_id: id(object), default_entity_id: `${component}.${id(object)}`, ...config },
  });
  const stateSensor = (object: string, name: string, template: string, extra: Record<string, unknown> = {}) =>
    entity('sensor', object, { name, state_topic: `${root}/state`, value_template: template, ...extra });
  return [
    entity('event', 'decision', {
      name: 'Garment sorted',
      state_topic: `${root}/decision`,
      event_types: EVENT_TYPES,
      // HA wants {"event_type": …}; rejected and empty garments are their own event types.
      value_template: "{{ {'event_type': value_json.name if value_json.action == 'sorted' else value_json.action, 'bin': value_json.bin, 'confidence': value_json.confidence, 'decision_id': value_json.id} | to_json }}",
      icon: 'mdi:tshirt-crew',
    }),
    // An enum: Home Assistant offers its states in automations and colours its history by them.
    entity('sensor', 'last_class', {
      name: 'Last garment', state_topic: `${root}/decision`, device_class: 'enum', options: [...CLASS_NAMES, 'empty'],
      value_template: "{{ value_json.name if value_json.action != 'empty' else 'empty' }}", icon: 'mdi:hanger',
    }),
    entity('sensor', 'last_colour', {
      name: 'Last garment\'s colour', state_topic: `${root}/decision`, device_class: 'enum', options: [...COLOUR_GROUPS, 'unknown', 'empty'],
      value_template: "{{ (value_json.colour or {}).group | default('empty') }}", icon: 'mdi:palette',
      json_attributes_topic: `${root}/decision`, json_attributes_template: '{{ (value_json.colour or {}) | to_json }}',
    }),
    // An empty tray has no confidence: the sensor keeps its state (`this`), so no 0% point
    // lands in its long-term statistics.
    entity('sensor', 'confidence', {
      name: 'Confidence', state_topic: `${root}/decision`, unit_of_measurement: '%', state_class: 'measurement',
      value_template: "{{ this.state if value_json.action == 'empty' else ((value_json.confidence or 0) * 100) | round(1) }}", icon: 'mdi:gauge',
    }),
    ...input.bins.map((bin) => stateSensor(`bin_${bin}`, `Bin ${bin}`, `{{ value_json.counts.bins['${bin}'] | default(0) }}`, { state_class: 'total_increasing', unit_of_measurement: 'garments', icon: 'mdi:basket' })),
    stateSensor('model', 'Model', '{{ value_json.modelId }}', { icon: 'mdi:brain', entity_category: 'diagnostic' }),
    stateSensor('backlog', 'Undelivered decisions', '{{ value_json.backlog }}', { state_class: 'measurement', icon: 'mdi:tray-full', entity_category: 'diagnostic' }),
    entity('binary_sensor', 'journal_problem', {
      name: 'Journal', state_topic: `${root}/state`, device_class: 'problem', entity_category: 'diagnostic',
      value_template: "{{ 'OFF' if value_json.journal.health == 'ok' else 'ON' }}",
      json_attributes_topic: `${root}/state`, json_attributes_template: '{{ value_json.journal | to_json }}',
    }),
    entity('binary_sensor', 'camera_problem', {
      name: 'Camera', state_topic: `${root}/state`, device_class: 'problem', entity_category: 'diagnostic',
      value_template: "{{ 'OFF' if value_json.camera == 'ok' else 'ON' }}",
    }),
    // One switch shows and sets whether it sorts (off: paused), as Home Assistant users expect.
    entity('switch', 'sorting', {
      name: 'Sorting', state_topic: `${root}/state`, value_template: "{{ 'OFF' if value_json.paused else 'ON' }}",
      state_on: 'ON', state_off: 'OFF', command_topic: `${root}/request/set-paused`,
      payload_on: '{"paused": false}', payload_off: '{"paused": true}', icon: 'mdi:play-pause',
    }),
    entity('number', 'threshold', {
      name: 'Reject below', state_topic: `${root}/state`, value_template: '{{ value_json.threshold }}',
      command_topic: `${root}/request/set-threshold`, command_template: '{"threshold": {{ value }}}',
      min: 0, max: 1, step: 0.01, mode: 'slider', entity_category: 'config', icon: 'mdi:tune-vertical',
    }),
    entity('image', 'snapshot', { name: 'Last frame', image_topic: `${root}/snapshot/frame`, content_type: 'image/jpeg' }),
    entity('image', 'model_input', { name: 'What the model saw', image_topic: `${root}/snapshot/input`, content_type: 'image/png', entity_category: 'diagnostic' }),
    entity('button', 'reload_model', { name: 'Reload model', command_topic: `${root}/request/reload-model`, payload_press: '{}', icon: 'mdi:reload', entity_category: 'config' }),
    entity('button', 'trigger', { name: 'Sort now', command_topic: `${root}/request/trigger`, payload_press: '{}', icon: 'mdi:camera' }),
  ];
}

/**
 * Configs earlier versions published and this one replaced (the Sorting switch replaced a Paused
 * sensor and Pause/Resume buttons). Retained configs outlive the sorter that sent them, so each
 * is cleared with an empty retained payload, which removes the entity from Home Assistant.
 */
export function retiredTopics(input: Pick<DiscoveryInput, 'prefix' | 'node'>): string[] {
  return ['binary_sensor/paused', 'button/pause', 'button/resume'].map((object) => {
    const [component, name] = object.split('/');
    return `${input.prefix}/${component}/${input.node}/${name}/config`;
  });
}

export class HomeAssistantDiscovery {
  constructor(private readonly publisher: Publisher, private readonly input: DiscoveryInput) {}

  start(): void {
    this.publisher.onConnected(() => this.announce());
    this.publisher.subscribeExact(`${this.input.prefix}/status`, (payload) => { if (payload.toString() === 'online') this.announce(); });
  }

  private announce(): void {
    for (const m of discoveryMessages(this.input)) this.publisher.publishRaw(m.topic, JSON.stringify(m.payload), 1, true).catch(() => {});
    for (const topic of retiredTopics(this.input)) this.publisher.publishRaw(topic, '', 1, true).catch(() => {});
  }
}
