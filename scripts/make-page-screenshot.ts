// The README's picture of the live page: runs the demo config (on free ports) for a while and
// photographs the page with Debian's chromium. Usage: node dist/scripts/make-page-screenshot.js
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runSorter } from '../src/cli/run-command.js';
import { SILENT } from '../src/controller/logger.js';

const root = join(import.meta.dirname ?? '.', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'page-shot-'));
// The demo config, with faster garments and ports the machine has free.
const config = join(root, 'config', 'demo-screenshot.tmp.yaml');
writeFileSync(config, readFileSync(join(root, 'config', 'demo.yaml'), 'utf8')
  .replace('everyMs: 1500', 'everyMs: 250').replace(/embeddedPort: 1883/, 'embeddedPort: 0').replace(/port: 8080/, 'port: 0')
  .replace('../runs/demo-journal', join(dir, 'journal')).replace('../runs/demo-samples', join(dir, 'samples')).replace('../runs/demo-snapshots', join(dir, 'snapshots')));
const sorter = await runSorter(config, { logger: SILENT, quiet: true });
const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(sorter.webUrl!);
await new Promise((r) => setTimeout(r, 25_000));
const out = join(root, 'docs', 'images', 'web-page.png');
await page.screenshot({ path: out });
await browser.close();
await sorter.stop();
const { rmSync } = await import('node:fs');
rmSync(config);
console.log(`wrote ${out}`);
