import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { ConfigError, EXIT_CONFIG, loadConfig, parseConfig, redacted } from '../../src/config/load-config.js';

const ROOT = process.cwd();
const MINIMAL = `
camera: { kind: replay, folder: frames }
trigger: { kind: interval }
sorting: { rejectBin: reject, bins: { tops: [T-shirt/top] } }
gpio: { kind: simulated, pins: { tops: 17, reject: 5 } }
`;

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, 'bad.yaml', {});
  } catch (err) {
    assert.ok(err instanceof ConfigError, String(err));
    assert.equal(err.exitCode, EXIT_CONFIG);
    return err.problems;
  }
  return assert.fail('the config should have been refused');
}

test('the shipped configs are valid: the device one with the installed paths, the demo one relative to its folder', () => {
  const demo = loadConfig(join(ROOT, 'config', 'demo.yaml'), {});
  const device = loadConfig(join(ROOT, 'config', 'default.yaml'), {});
  assert.equal(device.camera.kind, 'rpicam');
  assert.equal(device.gpio.kind, 'auto', 'the character device wherever the kernel has one');
  assert.equal(device.model.backend, 'wasm', 'pinned to the backend the benchmarks measure');
  assert.equal(device.model.dir, '/var/lib/laundry-sorter/models/current');
  assert.equal(device.journal.dir, '/var/lib/laundry-sorter/journal');
  assert.equal(device.web.enabled, false, 'the page is off on the device');
  assert.equal(demo.web.enabled, true, 'and on in the demo');
  assert.equal(demo.gpio.kind, 'simulated');
  assert.equal(demo.mqtt.url, 'embedded');
  assert.equal(demo.camera.kind === 'replay' && demo.camera.folder, resolve(ROOT, 'demo', 'frames'));
});

test('defaults fill what a minimal config leaves out', () => {
  const c = parseConfig(MINIMAL, '/etc/laundry-sorter/config.yaml', {});
  assert.equal(c.sorting.threshold, 0.6);
  assert.equal(c.gpio.mode, 'pulse');
  assert.equal(c.mqtt.url, 'mqtt://localhost:1883');
  assert.equal(c.model.dir, '/etc/laundry-sorter/models/current');
});

test('the environment overrides the broker settings, and secrets never reach the log', () => {
  const c = parseConfig(`${MINIMAL}\nmqtt: { url: mqtt://file:1883, password: from-file }`, 'c.yaml', {
    LAUNDRY_SORTER_MQTT_URL: 'mqtts://broker.lan:8883', LAUNDRY_SORTER_MQTT_USERNAME: 'sorter', LAUNDRY_SORTER_MQTT_PASSWORD: 's3cret',
  });
  assert.equal(c.mqtt.url, 'mqtts://broker.lan:8883');
  assert.equal(c.mqtt.password, 's3cret');
  assert.doesNotMatch(JSON.stringify(redacted(c)), /s3cret/);
});

const BAD: [string, string, RegExp[]][] = [
  ['not YAML', 'camera: [unclosed', [/^bad\.yaml: not valid YAML at line 1, column \d+/]],
  ['a list instead of settings', '- a\n- b', [/^bad\.yaml: expected a YAML mapping of settings, got an array of 2$/]],
  ['an empty file', '', [/^bad\.yaml: expected a YAML mapping of settings/]],
  ['an unknown camera', MINIMAL.replace('kind: replay, folder: frames', 'kind: usb'), [/^bad\.yaml: camera\.kind: expected one of replay, webcam, rpicam, ffmpeg, got `usb` \(string\)$/]],
  ['a misspelt setting', `${MINIMAL}\nlog: { levle: debug }`, [/^bad\.yaml: log\.levle: unknown setting \(a typo\?\)$/]],
  ['a missing section', MINIMAL.replace('trigger: { kind: interval }', ''), [/^bad\.yaml: trigger: missing, expected object$/]],
  ['a threshold above 1', `${MINIMAL.replace('rejectBin: reject', 'rejectBin: reject, threshold: 1.5')}`, [/^bad\.yaml: sorting\.threshold: expected number to be <=1, got `1\.5` \(number\)$/]],
  ['a pin that is not BCM', MINIMAL.replace('tops: 17', 'tops: 40'), [/^bad\.yaml: gpio\.pins\.tops: expected number to be <=27, got `40` \(number\)$/]],
  ['a pin given as text', MINIMAL.replace('tops: 17', 'tops: GPIO17'), [/^bad\.yaml: gpio\.pins\.tops: expected number, got `GPIO17` \(string\)$/]],
  ['a class that does not exist', MINIMAL.replace('[T-shirt/top]', '[Socks]'), [/^bad\.yaml: sorting\.bins\.tops\.0: expected one of T-shirt\/top, Trouser, .*Ankle boot \(any case\), or an index 0–9, got `Socks` \(string\)$/]],
  ['a bin without a pin', MINIMAL.replace('tops: [T-shirt/top]', 'tops: [T-shirt/top], shoes: [Sneaker]'), [/^bad\.yaml: sorting\.bins\.shoes: bin `shoes` has no pin in gpio\.pins$/]],
  ['a class in two bins', MINIMAL.replace('tops: [T-shirt/top]', 'tops: [T-shirt/top], more: [T-shirt/top]').replace('tops: 17', 'tops: 17, more: 18'), [/sorting\.bins\.more: `T-shirt\/top` is already sorted into bin `tops`/]],
  ['two bins on one pin', MINIMAL.replace('reject: 5', 'reject: 17'), [/^bad\.yaml: gpio\.pins\.reject: pin 17 is also bin `tops`$/]],
  ['a trigger on an output pin', MINIMAL.replace('trigger: { kind: interval }', 'trigger: { kind: gpio, pin: 5 }'), [/^bad\.yaml: trigger\.pin: pin 5 is also the output of bin `reject`$/]],
  ['a bad device id', `${MINIMAL}\nmqtt: { deviceId: 'my sorter/1' }`, [/^bad\.yaml: mqtt\.deviceId: letters, digits, - and _ only, got `my sorter\/1` \(string\)$/]],
  ['a pose rule that does not exist', `${MINIMAL}\npose: { views: 3, combine: best, minAgreement: 2 }`, [/^bad\.yaml: pose\.views: expected 1, 2 or 4 views, got `3`$/, /^bad\.yaml: pose\.combine: expected one of auto, upright, max, log, mean, got `best` \(string\)$/, /^bad\.yaml: pose\.minAgreement: /]],
  ['several problems at once', MINIMAL.replace('kind: simulated', 'kind: sim').replace('kind: interval', 'kind: interval, everyMs: 1'), [/gpio\.kind: expected one of auto, chardev, onoff, simulated, got `sim`/, /trigger\.everyMs: expected number to be >=10, got `1`/]],
];

for (const [what, yaml, expected] of BAD) {
  test(`a config with ${what} is refused with one line per problem`, () => {
    const lines = problems(yaml);
    assert.equal(lines.length, expected.length, lines.join('\n'));
    for (const re of expected) assert.ok(lines.some((l) => re.test(l)), `no line matches ${re}:\n${lines.join('\n')}`);
    for (const line of lines) assert.equal(line.includes('\n'), false);
  });
}

test('a missing config file is one clear line', () => {
  assert.throws(() => loadConfig('/nowhere/config.yaml', {}), /^ConfigError: \/nowhere\/config\.yaml: cannot read the config \(no such file\)$/m);
});

test('a class in the bins may be a name in any case or an index; anything else is refused listing the valid ones', () => {
  const config = parseConfig(MINIMAL.replace('bins: { tops: [T-shirt/top] }', 'bins: { tops: [t-shirt/top, 6, "2"] }'), 'ok.yaml', {});
  assert.deepEqual(config.sorting.bins.tops, ['T-shirt/top', 'Shirt', 'Pullover']);
  const [problem] = problems(MINIMAL.replace('bins: { tops: [T-shirt/top] }', 'bins: { tops: [Shrit] }'));
  assert.match(problem, /sorting\.bins\.tops\.0: expected one of T-shirt\/top, Trouser, .* \(any case\), or an index 0–9, got `Shrit` \(string\)/);
  assert.ok(problems(MINIMAL.replace('bins: { tops: [T-shirt/top] }', 'bins: { tops: [10] }')).length === 1, 'index out of range');
});
