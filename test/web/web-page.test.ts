// The live page end to end: the sorter runs with its web server on, headless Chromium (Debian's
// chromium, driven by playwright-core) opens the page and watches decisions arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runSorter } from '../../src/cli/run-command.js';
import { SILENT } from '../../src/controller/logger.js';
import { startMosquitto } from '../helpers/mosquitto.js';
import { makeDevice, REPO, sorterConfig } from '../helpers/sorter-process.js';

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
    for (const name of ['laundry_sorter_decisions_total', 'laundry_sorter_stage_seconds', 'laundry_sorter_backlog', 'laundry_sorter_mqtt_reconnects_total', 'laundry_sorter_camera_errors_total']) {
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
