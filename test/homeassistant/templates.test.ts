// The discovery templates rendered by Jinja2, the engine Home Assistant uses, with the
// variables Home Assistant gives an MQTT entity (value_json, this) and its to_json filter,
// against real decision and state payloads: what each entity would show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { discoveryMessages } from '../../src/homeassistant/discovery.js';

const RENDER = `
import json, sys
from jinja2 import Environment
env = Environment()
env.filters["to_json"] = lambda v: json.dumps(v)
out = []
for case in json.load(sys.stdin):
    out.append(env.from_string(case["template"]).render(value_json=case["value"], this={"state": case.get("this", "unknown")}))
print(json.dumps(out))
`;

const hasJinja = spawnSync('python3', ['-c', 'import jinja2'], { encoding: 'utf8' }).status === 0;
const messages = discoveryMessages({ prefix: 'homeassistant', root: 'laundry-sorter/kitchen', node: 'kitchen', bins: ['tops', 'reject'], version: '1.2.3' });
const template = (object: string, key = 'value_template') => String(messages.find((m) => m.topic.split('/')[3] === object)!.payload[key]);

function render(cases: Array<{ template: string; value: unknown; this?: string }>): string[] {
  const r = spawnSync('python3', ['-c', RENDER], { input: JSON.stringify(cases), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const sorted = { id: '01J', action: 'sorted', name: 'Coat', confidence: 0.873, bin: 'outerwear' };
const empty = { id: '01K', action: 'empty', name: null, confidence: null, bin: null };
const rejected = { id: '01L', action: 'rejected', name: 'Shirt', confidence: 0.41, bin: 'reject' };
const state = { modelId: 'sorter-1', counts: { bins: { tops: 4 } }, camera: 'lost', paused: true, threshold: 0.6, backlog: 2, journal: { health: 'ok', unsaved: 0 } };

test('Home Assistant would show: the garment, its confidence, and no 0% for an empty tray', { skip: hasJinja ? false : 'python3 has no jinja2 (pip install jinja2)' }, () => {
  const [coat, emptyName, conf, keptConf, event, rejectedEvent, colour, noColour, unknownColour] = render([
    { template: template('last_class'), value: sorted },
    { template: template('last_class'), value: empty },
    { template: template('confidence'), value: sorted },
    { template: template('confidence'), value: empty, this: '87.3' },
    { template: template('decision'), value: sorted },
    { template: template('decision'), value: rejected },
    { template: template('last_colour'), value: { ...sorted, colour: { group: 'dark', name: 'blue', rgb: '#233040', confidence: 1 } } },
    { template: template('last_colour'), value: { ...empty, colour: null } },
    { template: template('last_colour'), value: { ...sorted, colour: { group: 'unknown', reason: 'the frame is overexposed' } } },
  ]);
  assert.equal(coat, 'Coat');
  assert.deepEqual([colour, noColour, unknownColour], ['dark', 'empty', 'unknown'], 'the colour sensor: the group, or empty');
  const colourOptions = messages.find((m) => m.topic.split('/')[3] === 'last_colour')!.payload.options as string[];
  for (const state of [colour, noColour, unknownColour]) assert.ok(colourOptions.includes(state), `${state} is one of the enum's options`);
  assert.equal(emptyName, 'empty');
  assert.equal(conf, '87.3');
  assert.equal(keptConf, '87.3', 'an empty tray leaves the confidence as it was');
  assert.deepEqual(JSON.parse(event), { event_type: 'Coat', bin: 'outerwear', confidence: 0.873, decision_id: '01J' });
  assert.equal(JSON.parse(rejectedEvent).event_type, 'rejected');
});

test('Home Assistant would show: the state topic\'s counts, problems, pause and threshold', { skip: hasJinja ? false : 'python3 has no jinja2 (pip install jinja2)' }, () => {
  const [tops, reject, camera, sorting, threshold, journal, command] = render([
    { template: template('bin_tops'), value: state },
    { template: template('bin_reject'), value: state },
    { template: template('camera_problem'), value: state },
    { template: template('sorting'), value: state },
    { template: template('threshold'), value: state },
    { template: template('journal_problem'), value: state },
    { template: template('threshold', 'command_template').replace('value', 'value_json'), value: 0.45 },
  ]);
  assert.deepEqual([tops, reject], ['4', '0']);
  assert.equal(camera, 'ON', 'a lost camera is a problem');
  assert.equal(sorting, 'OFF', 'paused: the Sorting switch is off');
  assert.equal(sorting, template('sorting', 'state_off'));
  assert.equal(threshold, '0.6');
  assert.equal(journal, 'OFF');
  assert.deepEqual(JSON.parse(command), { threshold: 0.45 }, 'the number sends what set-threshold accepts');
});
