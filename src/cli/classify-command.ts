import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEVICE_CONFIG, loadConfig } from '../config/load-config.js';
import { pickBin } from '../controller/pick-bin.js';
import { colourOptions, describeColour } from '../colour/colour-config.js';
import sharp from 'sharp';
import { loadClassifier } from '../classifier/classifier.js';
import { IMAGE_SIZE } from '../dataset/classes.js';
import { UserError } from '../errors/user-error.js';
import { initBackend } from '../model/backend.js';
import { preprocessFrame } from '../preprocess/preprocess.js';
import { describePose } from '../pose/describe-pose.js';
import { decisionPose } from '../pose/decision-pose.js';
import { VIEW_TURNS, type ViewCount } from '../pose/views.js';
import { PIXELS } from '../dataset/classes.js';
import type { CommandSpec, Parsed } from './args.js';

/** The demo's config beside the program, for when none is named and the device has none. */
const DEMO_CONFIG = fileURLToPath(new URL('../../../config/demo.yaml', import.meta.url));

export const CLASSIFY_SPEC: CommandSpec = {
  name: 'classify',
  usage: 'laundry-sorter classify IMAGE... [--model DIR] [--config FILE] [--json]',
  summary: 'Classify photos of garments the way the sorter does (preprocess, then the model), and say which bin each would go to. One line per image; a bad file is reported and the rest go on.',
  flags: {
    model: { type: 'string', default: 'models/current', value: 'DIR', description: 'model directory' },
    config: { type: 'string', value: 'FILE', description: `the sorter config whose bins and reject rule to apply (default: ${DEVICE_CONFIG} if it exists, else the demo's)` },
    json: { type: 'boolean', default: false, description: 'one JSON object per line instead of text' },
  },
  epilog: ['Exit code: 0 if every image was read, 1 if any could not be.', 'Example: laundry-sorter classify photos/*.jpg'],
};

export const PREPROCESS_SPEC: CommandSpec = {
  name: 'preprocess',
  usage: 'laundry-sorter preprocess IMAGE --out x.png [--scale N] [--views]',
  summary: 'Show what the model sees: write the 28×28 image preprocessing makes from a photo (scaled up to look at), straightened by its pose, and say how it lay.',
  flags: {
    views: { type: 'boolean', default: false, description: 'write every view the classifier scores side by side (the straightened garment and its quarter turns)' },
    out: { type: 'string', value: 'FILE', description: 'PNG to write (required)' },
    scale: { type: 'string', default: '8', value: 'N', description: 'enlarge by N with nearest-neighbour, so pixels stay visible (1 keeps 28×28)' },
  },
};

export async function runClassify(values: Parsed['values'], images: string[], log: (line: string) => void): Promise<number> {
  if (images.length === 0) throw new UserError('classify needs at least one IMAGE', { hint: 'e.g. `laundry-sorter classify shirt.jpg`', exitCode: 64 });
  const configFile = values.config !== undefined ? String(values.config) : existsSync(DEVICE_CONFIG) ? DEVICE_CONFIG : undefined;
  const config = loadConfig(configFile ?? DEMO_CONFIG);
  await initBackend();
  const classifier = await loadClassifier(String(values.model));
  if (!values.json) process.stdout.write(`model ${classifier.modelId}; bins from ${configFile ?? 'the demo config'}\n`);
  let failures = 0;
  const colour = colourOptions(config);
  for (const file of images) {
    try {
      const result = await preprocessFrame(readFileSync(file), { colour });
      if (result.kind === 'empty') {
        process.stdout.write(values.json ? `${JSON.stringify({ file, empty: true })}\n` : `${file}: empty\n`);
        continue;
      }
      // The sorter's own path: the quarter turns of the straightened garment the finder leaves in,
      // scored until the rest could not change where it goes.
      const c = classifier.classifyViews(result.views, config.pose.combine, { threshold: config.sorting.threshold, minAgreement: config.pose.minAgreement });
      const pose = decisionPose(result.pose, result.views, c);
      const choice = pickBin(c, config.sorting, c.agreement, config.pose.minAgreement, result.colour?.group ?? 'unknown');
      if (values.json) {
        process.stdout.write(`${JSON.stringify({ file, modelId: classifier.modelId, class: c.classIndex, name: c.className, confidence: c.confidence, action: choice.action, bin: choice.bin, ...(choice.reason ? { reason: choice.reason } : {}), probabilities: c.probabilities, pose, ...(result.colour ? { colour: result.colour } : {}) })}\n`);
      } else {
        const probs = c.probabilities.map((p) => p.toFixed(3)).join(' ');
        const bin = `→ ${choice.bin}${choice.action === 'rejected' ? ` (rejected: ${choice.reason})` : ''}`;
        process.stdout.write(`${file}: ${c.className} ${(c.confidence * 100).toFixed(1)}% ${bin}  [${probs}]\n  pose: ${describePose(result.pose, pose, result.views.length / PIXELS)}\n${result.colour ? `  colour: ${describeColour(result.colour)}\n` : ''}`);
      }
    } catch (err) {
      failures++;
      const code = (err as NodeJS.ErrnoException).code;
      const message = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : err instanceof UserError ? err.message : String(err);
      log(`${file}: ${message}`);
    }
  }
  classifier.dispose();
  return failures > 0 ? 1 : 0;
}

export async function runPreprocess(values: Parsed['values'], images: string[], log: (line: string) => void): Promise<number> {
  if (images.length !== 1) throw new UserError('preprocess takes one IMAGE', { hint: 'e.g. `laundry-sorter preprocess shirt.jpg --out shirt-28.png`', exitCode: 64 });
  if (typeof values.out !== 'string') throw new UserError('preprocess needs --out FILE', { exitCode: 64 });
  const scale = Number(values.scale);
  if (!Number.isInteger(scale) || scale < 1 || scale > 64) throw new UserError(`Expected \`--scale\` to be an integer from 1 to 64, got \`${values.scale}\``, { exitCode: 64 });
  const result = await preprocessFrame(readFileSync(images[0]));
  if (result.kind === 'empty') {
    log(`${images[0]}: empty (no garment found); nothing written`);
    return 1;
  }
  const count = values.views === true ? result.views.length / PIXELS : 1;
  // Views side by side: each view's rows, one after another along the strip.
  const strip = Buffer.alloc(count * PIXELS);
  for (let v = 0; v < count; v++) {
    for (let y = 0; y < IMAGE_SIZE; y++) strip.set(result.views.subarray(v * PIXELS + y * IMAGE_SIZE, v * PIXELS + (y + 1) * IMAGE_SIZE), y * IMAGE_SIZE * count + v * IMAGE_SIZE);
  }
  const png = await sharp(strip, { raw: { width: IMAGE_SIZE * count, height: IMAGE_SIZE, channels: 1 } })
    .resize(IMAGE_SIZE * count * scale, IMAGE_SIZE * scale, { kernel: 'nearest' }).png().toBuffer();
  writeFileSync(values.out, png);
  log(`${images[0]} → ${values.out} (garment covers ${(result.coverage * 100).toFixed(0)}% of the frame${result.trayShades ? `; the tray is textured, its ${result.trayShades} shades taken for tray` : ''}; ${describePose(result.pose)}${count > 1 ? `; views left to right: ${VIEW_TURNS[count as ViewCount].map((t) => `${t}°`).join(', ')}` : ''})`);
  return 0;
}
