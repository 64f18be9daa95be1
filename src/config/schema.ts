// The one schema every config file is checked against at start. The TypeScript types are
// derived from it, so the code and the documented settings cannot drift apart.
import { z } from 'zod';
import { classSchema } from '../dataset/class-value.js';
import { COLOUR_GROUPS, DEFAULT_GROUP_THRESHOLDS } from '../colour/colour-group.js';
import { DEFAULT_COLOUR_OPTIONS } from '../colour/measure-colour.js';
import { binRules, unreachable } from '../sorting/bin-rules.js';

const BCM_PIN = z.number().int().min(0).max(27);
const FRACTION = z.number().min(0).max(1);
// A class by name (any case) or index; stored as its name.
const className = classSchema;
const classList = z.array(className).min(1);
const binRule = z.strictObject({ classes: classList.optional(), colours: z.array(z.enum(COLOUR_GROUPS)).min(1).optional() }).refine((r) => r.classes !== undefined || r.colours !== undefined, { message: 'a bin rule names classes, colours, or both' });
type BinSpecValue = z.output<typeof classList> | z.output<typeof binRule>;

const common = { staleAfterSeconds: z.number().positive().default(5) };
const size = { width: z.number().int().min(64).max(4096).default(640), height: z.number().int().min(48).max(4096).default(480) };

export const cameraSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('replay'), folder: z.string().min(1), loop: z.boolean().default(true), ...common }),
  z.strictObject({ kind: z.literal('webcam'), device: z.string().default('/dev/video0'), ...size, ...common }),
  z.strictObject({
    kind: z.literal('rpicam'), command: z.string().default('rpicam-vid'), framerate: z.number().int().min(1).max(60).default(10),
    extraArgs: z.array(z.string()).default([]), ...size, ...common,
  }),
  z.strictObject({
    kind: z.literal('ffmpeg'), device: z.string().default('/dev/video0'), command: z.string().default('ffmpeg'),
    framerate: z.number().int().min(1).max(60).default(10), ...size, ...common,
  }),
]);

export const triggerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('interval'), everyMs: z.number().int().min(10).default(2000) }),
  z.strictObject({
    kind: z.literal('gpio'), pin: BCM_PIN, edge: z.enum(['rising', 'falling', 'both']).default('falling'),
    debounceMs: z.number().int().min(0).max(5000).default(50),
  }),
  z.strictObject({ kind: z.literal('mqtt') }),
  z.strictObject({
    kind: z.literal('presence'), stillFrames: z.number().int().min(1).max(100).default(3),
    everyMs: z.number().int().min(20).default(250),
  }),
]);

export const configSchema = z.strictObject({
  model: z.strictObject({
    dir: z.string().default('models/current'),
    /** The tfjs backend: auto takes the fastest installed (tfjs-node, then wasm); a device config pins wasm, the one the benchmarks measure. */
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
  }).prefault({}),
  camera: cameraSchema,
  trigger: triggerSchema,
  preprocess: z.strictObject({
    /** Part of the frame the tray fills, in fractions of width and height. */
    tray: z.strictObject({ x: FRACTION, y: FRACTION, width: FRACTION, height: FRACTION }).optional(),
    /** The empty tray, written by `laundry-sorter calibrate`. */
    reference: z.string().optional(),
  }).prefault({}),
  pose: z.strictObject({
    /** How a garment's direction is read from its mask: rect (its straight edges), axis (its moments), off. */
    method: z.enum(['rect', 'axis', 'off']).default('rect'),
    /** Quarter turns the classifier scores in one batch: 4 (every side), 2 (which end is up), 1. */
    views: z.union([z.literal(1), z.literal(2), z.literal(4)], { error: (issue) => `expected 1, 2 or 4 views, got \`${JSON.stringify(issue.input)}\`` }).default(4),
    /**
     * How the views' opinions become one: auto (upright when the model carries an upright
     * finder, else max), upright (the finder weighs the views), max (the most confident view),
     * log (sum of log-probabilities), mean. Measured in docs/pose.md.
     */
    combine: z.enum(['auto', 'upright', 'max', 'log', 'mean']).default('auto'),
    /** Fewer views than this share agreeing on the class: the garment has no readable pose (folded, balled up) and is rejected. */
    minAgreement: FRACTION.default(0.5),
  }).prefault({}),
  colour: z.strictObject({
    /** Measure each garment's colour (group, name, hex) from the frame. */
    enabled: z.boolean().default(true),
    /**
     * The tray: neutral (white or grey: it corrects the light's colour), coloured (it cannot; a
     * calibrated reference still corrects changes in the light), auto (neutral when it looks it).
     */
    tray: z.enum(['auto', 'neutral', 'coloured']).default('auto'),
    /**
     * The tray's own OKLab lightness, if known (white printer paper about 0.95, an 18% grey card
     * 0.565): then the camera's exposure does not move a garment's lightness (docs/colour.md).
     */
    trayLightness: z.number().min(0.3, 'a tray this dark hides dark garments; use a lighter one').max(1).optional(),
    /** OKLab lightness (0–1) and chroma edges of the groups (docs/colour.md). */
    groups: z.strictObject({
      whiteLightness: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.whiteLightness),
      whiteChroma: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.whiteChroma),
      lightLightness: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.lightLightness),
      lightChroma: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.lightChroma),
      darkLightness: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.darkLightness),
      greyChroma: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.greyChroma),
      greyDarkLightness: FRACTION.default(DEFAULT_GROUP_THRESHOLDS.greyDarkLightness),
    }).prefault({}),
    /** A second colour covering at least this share of the garment, in another load, makes it `mixed`. */
    mixedShare: FRACTION.default(DEFAULT_COLOUR_OPTIONS.mixedShare),
    /** …and at least this far from the first (OKLab distance). */
    mixedDistance: FRACTION.default(DEFAULT_COLOUR_OPTIONS.mixedDistance),
  }).prefault({}),
  sorting: z.strictObject({
    /** Below this calibrated confidence a garment goes to the reject bin. */
    threshold: FRACTION.default(0.6),
    /**
     * Bin → the garments it takes: a list of classes, or {classes, colours} (either or both).
     * First match wins, in this order.
     */
    bins: z.record(z.string().min(1), z.unknown()).transform((bins, ctx) => {
      // A list or a rule, each checked by its own schema so a wrong class is reported at its
      // place (sorting.bins.tops.0) rather than as "matches neither form".
      const out: Record<string, BinSpecValue> = {};
      for (const [bin, value] of Object.entries(bins)) {
        if (typeof value !== 'object' || value === null) {
          ctx.issues.push({ code: 'custom', path: [bin], input: value, message: `expected a list of classes, or {classes: […], colours: […]}, got \`${JSON.stringify(value)}\`` });
          continue;
        }
        const r = (Array.isArray(value) ? classList : binRule).safeParse(value);
        if (r.success) out[bin] = r.data;
        else for (const issue of r.error.issues) ctx.issues.push({ ...issue, path: [bin, ...issue.path], input: value } as never);
      }
      return out;
    }),
    rejectBin: z.string().min(1),
  }),
  gpio: z.strictObject({
    /** auto: the character device where /dev/gpiochip* exists, else sysfs (onoff); chardev and onoff force one. */
    kind: z.enum(['auto', 'chardev', 'onoff', 'simulated']).default('auto'),
    /** The character device chip, by path, name, number or label; the Pi's own GPIO controller by default. */
    chip: z.string().min(1).optional(),
    /** Output pin per bin, BCM numbering. */
    pins: z.record(z.string().min(1), BCM_PIN),
    activeLow: z.boolean().default(false),
    /** pulse: on for pulseMs; hold: on until the next garment. */
    mode: z.enum(['pulse', 'hold']).default('pulse'),
    pulseMs: z.number().int().min(1).max(60000).default(300),
    statusLedPin: BCM_PIN.optional(),
    sysfsRoot: z.string().default('/sys/class/gpio'),
    /** Where the character devices are; a test points it at a fake. */
    devDir: z.string().default('/dev'),
  }),
  mqtt: z.strictObject({
    /** mqtt://, mqtts://, ws:// or wss:// URL, or `embedded` to run a broker in-process (the demo). */
    url: z.string().min(1).default('mqtt://localhost:1883'),
    baseTopic: z.string().min(1).default('laundry-sorter'),
    deviceId: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    ca: z.string().optional(),
    cert: z.string().optional(),
    key: z.string().optional(),
    rejectUnauthorized: z.boolean().default(true),
    embeddedPort: z.number().int().min(0).max(65535).default(1883),
  }).prefault({}),
  snapshots: z.strictObject({
    dir: z.string().default('snapshots'),
    keep: z.number().int().min(0).max(100000).default(100),
    maxMegabytes: z.number().positive().default(200),
    /** Also publish the last frame and 28×28 on <root>/snapshot/frame and /input (retained), at most once a second. */
    publish: z.boolean().default(true),
  }).prefault({}),
  samples: z.strictObject({
    /** Every garment's 28×28 with what the model said, for labelling and retraining (`pull`). */
    dir: z.string().default('samples'),
    /** Garments kept; when full, confidently sorted ones go first, labelled ones last. 0: keep none. */
    max: z.number().int().min(0).max(1_000_000).default(5000),
    /** Keep the camera frame too (about 30 KB each instead of 1 KB). */
    keepFrames: z.boolean().default(false),
  }).prefault({}),
  journal: z.strictObject({
    /** Decisions are on disk here before they are reported, until the broker acknowledges them. */
    dir: z.string().default('journal'),
    /** Undelivered decisions kept through a broker outage (about 600 bytes each). */
    maxUndelivered: z.number().int().min(10).max(10_000_000).default(50_000),
  }).prefault({}),
  homeassistant: z.strictObject({
    /** Publish retained discovery configs so Home Assistant shows the sorter with no YAML. */
    enabled: z.boolean().default(true),
    discoveryPrefix: z.string().regex(/^[^#+]+$/, 'no MQTT wildcards').default('homeassistant'),
    /** The link on the device's page in Home Assistant; the live page's address by default, when it is on. */
    configurationUrl: z.url().optional(),
  }).prefault({}),
  web: z.strictObject({
    /** The live page and /metrics. Off on the device unless wanted; on in the demo. */
    enabled: z.boolean().default(false),
    host: z.string().default('127.0.0.1'),
    port: z.number().int().min(0).max(65535).default(8080),
    /** Required (HTTP basic auth, any user name) when host is not a loopback address. */
    password: z.string().min(8).optional(),
    /** Names the page is reached by besides localhost (e.g. sorter.local behind a reverse proxy); checked when there is no password. */
    hostNames: z.array(z.string().min(1)).default([]),
  }).prefault({}),
  commands: z.strictObject({
    /** Accept commands on <root>/request/… (pause, resume, trigger, reload-model, …). */
    enabled: z.boolean().default(true),
  }).prefault({}),
  log: z.strictObject({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    /** auto: JSON lines (pino) under systemd, readable lines on a terminal. */
    format: z.enum(['auto', 'json', 'text']).default('auto'),
  }).prefault({}),
}).superRefine((c, ctx) => {
  const owner = new Map<string, string>();
  const reported = new Set<string>();
  for (const [bin, spec] of Object.entries(c.sorting.bins)) {
    if (!(bin in c.gpio.pins)) ctx.addIssue({ code: 'custom', path: ['sorting', 'bins', bin], message: `bin \`${bin}\` has no pin in gpio.pins` });
    if (!Array.isArray(spec)) continue;
    // Plain class lists, as configs before colour rules had them: a class goes to one bin.
    for (const name of spec) {
      const first = owner.get(name);
      if (first && first !== bin) {
        ctx.addIssue({ code: 'custom', path: ['sorting', 'bins', bin], message: `\`${name}\` is already sorted into bin \`${first}\`; a class goes to one bin` });
        reported.add(bin);
      }
      owner.set(name, bin);
    }
  }
  for (const { bin, takenBy } of unreachable(binRules(c.sorting.bins))) {
    if (reported.has(bin)) continue;
    ctx.addIssue({ code: 'custom', path: ['sorting', 'bins', bin], message: `bin \`${bin}\` can never get a garment: everything its rule takes goes to ${takenBy.map((b) => `\`${b}\``).join(' or ')} first (first match wins: put it earlier, or narrow the earlier rule)` });
  }
  if (!(c.sorting.rejectBin in c.gpio.pins)) {
    ctx.addIssue({ code: 'custom', path: ['sorting', 'rejectBin'], message: `reject bin \`${c.sorting.rejectBin}\` has no pin in gpio.pins` });
  }
  const pinOwner = new Map<number, string>();
  for (const [bin, pin] of Object.entries(c.gpio.pins)) {
    if (pinOwner.has(pin)) ctx.addIssue({ code: 'custom', path: ['gpio', 'pins', bin], message: `pin ${pin} is also bin \`${pinOwner.get(pin)}\`` });
    pinOwner.set(pin, bin);
  }
  if (c.gpio.statusLedPin !== undefined && pinOwner.has(c.gpio.statusLedPin)) {
    ctx.addIssue({ code: 'custom', path: ['gpio', 'statusLedPin'], message: `pin ${c.gpio.statusLedPin} is also bin \`${pinOwner.get(c.gpio.statusLedPin)}\`` });
  }
  const loopback = ['127.0.0.1', '::1', 'localhost'].includes(c.web.host);
  if (c.web.enabled && !loopback && !c.web.password) {
    ctx.addIssue({ code: 'custom', path: ['web', 'password'], message: `the page listens on ${c.web.host}, beyond this machine: set a password of 8 or more characters` });
  }
  if (c.trigger.kind === 'mqtt' && !c.commands.enabled) {
    ctx.addIssue({ code: 'custom', path: ['trigger', 'kind'], message: 'the mqtt trigger is the `trigger` command, and commands.enabled is false' });
  }
  if (c.trigger.kind === 'gpio' && pinOwner.has(c.trigger.pin)) {
    ctx.addIssue({ code: 'custom', path: ['trigger', 'pin'], message: `pin ${c.trigger.pin} is also the output of bin \`${pinOwner.get(c.trigger.pin)}\`` });
  }
});

export type Config = z.infer<typeof configSchema>;
export type CameraConfig = z.infer<typeof cameraSchema>;
export type TriggerConfig = z.infer<typeof triggerSchema>;
