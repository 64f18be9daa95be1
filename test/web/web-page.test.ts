// The live page end to end: the sorter runs with its web server on, headless Chromium (Debian's
// chromium, driven by playwright-core) opens the page and watches decisions arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runSorter } from '../../src/cli/run-command.js';
import { SILENT } from '../../src/controller/logger.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { watch } from '../helpers/mqtt-watch.js';
import { DEMO_FRAMES, makeDevice, REPO, sorterConfig } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';
import { FREE_TRIES } from '../../src/web/login-throttle.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const ARTIFACTS = join(REPO, 'test-artifacts');

test('the live page shows decisions arriving, the last frame, bins, model and health; a screenshot is kept', async () => {
  assert.ok(CHROMIUM, 'chromium is installed (scripts/install-deps.sh --test)');
  const broker = await startMosquitto();
  const config = sorterConfig(makeDevice(), broker.url, 'web', 300, undefined, 'web: { enabled: true, port: 0 }\n');
  const sorter = await runSorter(config, { logger: SILENT, quiet: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    await page.goto(sorter.webUrl!);
    await page.waitForFunction(() => document.querySelectorAll('#decisions li').length >= 2, undefined, { timeout: 15_000 });
    const first = await page.locator('#decisions li').count();
    await page.waitForFunction((n) => document.querySelectorAll('#decisions li').length >= n + 3, first, { timeout: 15_000 });
    assert.ok(await page.locator('#decisions li').count() >= first + 3, 'new decisions keep arriving');
    assert.match(await page.locator('#model').textContent() ?? '', /^sorter-/);
    assert.equal(await page.locator('#camera').textContent(), 'camera ok');
    assert.equal(await page.locator('#broker').textContent(), 'broker connected');
    assert.ok(await page.locator('#bins tr').count() >= 1, 'bin counts shown');
    await page.waitForFunction(() => (document.getElementById('frame') as HTMLImageElement).naturalWidth > 0, undefined, { timeout: 10_000 });
    const frameWidth = await page.evaluate(() => (document.getElementById('frame') as HTMLImageElement).naturalWidth);
    assert.equal(frameWidth, 640, 'the last camera frame is shown');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-page.png'), fullPage: true });
  } finally {
    await browser.close();
    await sorter.stop();
  }
});

test('the page opens on placeholders, not broken images, before the first garment; a garment is labelled from its gallery', async () => {
  assert.ok(CHROMIUM, 'chromium is installed (scripts/install-deps.sh --test)');
  const broker = await startMosquitto();
  const dir = tempDir('label-page-');
  const file = sorterConfig(makeDevice(), broker.url, 'labels', 1000, undefined, `web: { enabled: true, port: 0 }\nsamples: { dir: ${join(dir, 'samples')} }\n`);
  // Garments come only when asked (request/trigger), so the page first sees a sorter that has sorted nothing.
  writeFileSync(file, readFileSync(file, 'utf8').replace(/trigger: \{[^}]*\}/, 'trigger: { kind: mqtt }'));
  const sorter = await runSorter(file, { logger: SILENT, quiet: true });
  const commands = await watch(broker.url, 'test/labels/response/#');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(sorter.webUrl!);
    await page.waitForFunction(() => ['frame', 'input'].every((id) => { const img = document.getElementById(id) as HTMLImageElement; return img.complete; }), undefined, { timeout: 10_000 });
    const broken = await page.evaluate(() => [...document.images].filter((img) => img.complete && img.naturalWidth === 0).map((img) => img.id || img.src));
    assert.deepEqual(broken, [], 'no broken image before the first garment');
    // Garments until one is not an empty tray (the demo frames include an empty one).
    const tiles = () => page.locator('#gallery figure').count();
    for (let tries = 0; (await tiles()) === 0; tries++) {
      assert.ok(tries < 6, 'no garment reached the gallery');
      await commands.client.publishAsync('test/labels/request/trigger', '{}');
      await page.waitForFunction((n) => document.querySelectorAll('#decisions li').length > n, tries, { timeout: 15_000 });
    }
    const tile = page.locator('#gallery figure').first();
    await page.waitForFunction(() => { const img = document.querySelector('#gallery figure img') as HTMLImageElement; return img.complete && img.naturalWidth === 28; }, undefined, { timeout: 10_000 });
    // The garment's measured colour, as a swatch of that colour (set under the page's strict CSP).
    const swatch = await page.evaluate(() => { const e = document.querySelector('#gallery figure .swatch') as HTMLElement; return { group: e.dataset.group, title: e.title, background: getComputedStyle(e).backgroundColor }; });
    assert.ok(['white', 'light', 'dark', 'colour', 'mixed'].includes(swatch.group ?? ''), JSON.stringify(swatch));
    const hex = /#([0-9a-f]{6})\)$/.exec(swatch.title)![1];
    assert.equal(swatch.background, `rgb(${[0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`);
    await tile.locator('select').selectOption('Coat');
    await page.waitForFunction(() => document.querySelector('#gallery figure figcaption')!.textContent === 'labelled Coat', undefined, { timeout: 10_000 });
    const labels = readFileSync(join(dir, 'samples', 'labels.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(labels.at(-1).labelName, 'Coat', 'the label reached the sample store, as label-last would');
    // Only this page may label: not a form elsewhere (not JSON), not another origin.
    assert.equal((await fetch(`${sorter.webUrl}label`, { method: 'POST', body: 'decision=x&class=Coat', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status, 415);
    assert.equal((await fetch(`${sorter.webUrl}label`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', origin: 'http://evil.example' } })).status, 403);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-page-gallery.png') });
  } finally {
    await browser.close();
    await sorter.stop();
  }
});

test('/metrics speaks the Prometheus text format; a password guards everything when set', async () => {
  const broker = await startMosquitto();
  const config = sorterConfig(makeDevice(), broker.url, 'metrics', 100, undefined, 'web: { enabled: true, port: 0, password: correct-horse }\n');
  const sorter = await runSorter(config, { logger: SILENT, quiet: true });
  try {
    const url = `${sorter.webUrl}metrics`;
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url, { headers: { authorization: `Basic ${Buffer.from('x:wrong-horse').toString('base64')}` } })).status, 401);
    await new Promise((r) => setTimeout(r, 1500));
    const res = await fetch(url, { headers: { authorization: `Basic ${Buffer.from('anyone:correct-horse').toString('base64')}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    for (const name of ['laundry_sorter_decisions_total', 'laundry_sorter_stage_seconds', 'laundry_sorter_backlog', 'laundry_sorter_mqtt_reconnects_total', 'laundry_sorter_errors_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      assert.match(text, new RegExp(`# TYPE ${name} (counter|gauge|histogram)`), name);
    }
    assert.match(text, /laundry_sorter_decisions_total\{class="[^"]+",bin="[^"]+",action="(sorted|rejected|empty)"\} [1-9]/);
    for (const stage of ['capture', 'preprocess', 'infer', 'total']) assert.match(text, new RegExp(`laundry_sorter_stage_seconds_count\\{stage="${stage}"\\} [1-9]`));
    const inf = Number(/laundry_sorter_stage_seconds_bucket\{stage="total",le="\+Inf"\} (\d+)/.exec(text)![1]);
    const count = Number(/laundry_sorter_stage_seconds_count\{stage="total"\} (\d+)/.exec(text)![1]);
    assert.equal(inf, count, 'the +Inf bucket holds every observation');
  } finally {
    await sorter.stop();
  }
});

const EVIL_BIN = '<img src=x onerror="window.__pwned=1">';
const EVIL_REJECT = '<svg onload="window.__pwned=2"></svg>';
const EVIL_CLASS = 'Trouser<img src=y onerror="window.__pwned=3">';

/** A copy of the shipped model whose manifest names a class with markup in it (the manifest is not checksummed by itself). */
function modelWithEvilClassName(): string {
  const dir = makeDevice();
  const id = readlinkSync(join(dir, 'current'));
  const manifestPath = join(dir, id, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  manifest.classNames = manifest.classNames.map((c: string) => (c === 'Trouser' ? EVIL_CLASS : c));
  writeFileSync(manifestPath, JSON.stringify(manifest));
  return dir;
}

test('markup in class names and bin names is shown as text and never runs, under a strict CSP', async () => {
  assert.ok(CHROMIUM, 'chromium is installed (scripts/install-deps.sh --test)');
  const broker = await startMosquitto();
  const dir = tempDir('evil-');
  const config = join(dir, 'config.yaml');
  const all = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];
  writeFileSync(config, `
model: { dir: ${join(modelWithEvilClassName(), 'current')} }
camera: { kind: replay, folder: ${DEMO_FRAMES}, loop: true }
trigger: { kind: interval, everyMs: 150 }
sorting: { threshold: 0, rejectBin: '${EVIL_REJECT}', bins: { '${EVIL_BIN}': [${all.map((c) => `'${c}'`).join(', ')}] } }
gpio: { kind: simulated, pins: { '${EVIL_BIN}': 17, '${EVIL_REJECT}': 27 } }
mqtt: { url: '${broker.url}', baseTopic: test, deviceId: evil }
snapshots: { dir: ${join(dir, 'snapshots')}, keep: 0 }
journal: { dir: ${join(dir, 'journal')} }
web: { enabled: true, port: 0 }
homeassistant: { enabled: false }
`);
  const sorter = await runSorter(config, { logger: SILENT, quiet: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => { if (/Content Security Policy/.test(m.text())) blocked.push(m.text()); });
    const response = await page.goto(sorter.webUrl!);
    const headers = response!.headers();
    assert.match(headers['content-security-policy'], /default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'/);
    assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['x-frame-options'], 'DENY');
    // The evil class is decided (threshold 0 sorts everything) once a trouser comes by.
    await page.waitForFunction((name) => [...document.querySelectorAll('#decisions li')].some((li) => li.textContent!.includes(name)), EVIL_CLASS, { timeout: 30_000 });
    await page.waitForFunction((bin) => document.getElementById('bins')!.textContent!.includes(bin), EVIL_BIN, { timeout: 15_000 });
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no injected handler ran');
    assert.equal(await page.locator('#decisions img, #bins img, #decisions svg, #bins svg').count(), 0, 'no injected element was created');
    assert.deepEqual(blocked, [], 'the page itself needs nothing the policy forbids');
  } finally {
    await browser.close();
    await sorter.stop();
  }
});

test('without a password only loopback host names are answered (DNS rebinding); wrong passwords are slowed down', async () => {
  const broker = await startMosquitto();
  const open = await runSorter(sorterConfig(makeDevice(), broker.url, 'hosts', 500, undefined, 'web: { enabled: true, port: 0, hostNames: [sorter.local] }\n'), { logger: SILENT, quiet: true });
  const guarded = await runSorter(sorterConfig(makeDevice(), broker.url, 'guarded', 500, undefined, 'web: { enabled: true, port: 0, password: correct-horse }\n'), { logger: SILENT, quiet: true });
  try {
    const statusFor = (url: string, headers: Record<string, string>) => new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
      request(url, { headers }, (res) => { res.resume(); resolve({ status: res.statusCode!, retryAfter: res.headers['retry-after'] as string | undefined }); }).on('error', reject).end();
    });
    const state = `${open.webUrl}state`;
    assert.equal((await statusFor(state, { host: 'evil.example:80' })).status, 421, 'a rebinding page on another name is refused');
    assert.equal((await statusFor(state, { host: 'localhost:80' })).status, 200);
    assert.equal((await statusFor(state, { host: 'sorter.local' })).status, 200, 'a configured name is answered');

    const url = `${guarded.webUrl}state`;
    const basic = (password: string) => ({ authorization: `Basic ${Buffer.from(`x:${password}`).toString('base64')}` });
    for (let i = 0; i < FREE_TRIES; i++) assert.equal((await statusFor(url, basic('wrong-horse'))).status, 401);
    assert.equal((await statusFor(url, basic('wrong-horse'))).status, 401, 'the miss that starts the wait');
    const locked = await statusFor(url, basic('correct-horse'));
    assert.equal(locked.status, 429, 'during the wait even the right password is refused');
    assert.ok(Number(locked.retryAfter) >= 1, 'says how long to wait');
  } finally {
    await open.stop();
    await guarded.stop();
  }
});
