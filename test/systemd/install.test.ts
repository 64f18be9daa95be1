// scripts/install-device.sh into a staging root (LAUNDRY_SORTER_DESTDIR): the layout, an
// upgrade that keeps config and models, and uninstall. Creating the user and systemctl are
// what a staging root skips; everything else is the real script.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const SCRIPT = join(REPO, 'scripts', 'install-device.sh');
const run = (root: string, ...args: string[]) => execFileSync(SCRIPT, args, { env: { ...process.env, LAUNDRY_SORTER_DESTDIR: root, LAUNDRY_SORTER_SKIP_NPM: '1' }, encoding: 'utf8' });

test('install lays out the program, config, models and unit; again, it upgrades and keeps config and models; uninstall keeps data unless --purge', () => {
  const root = tempDir('destdir-');
  const first = run(root);
  assert.match(first, /first model: sorter-/);
  assert.match(first, /wrote .*\/etc\/laundry-sorter\/config\.yaml/);
  const models = join(root, 'var/lib/laundry-sorter/models');
  assert.equal(readlinkSync(join(models, 'current')), readlinkSync(join(REPO, 'models', 'current')));
  assert.equal(statSync(models).mode & 0o7777, 0o2775, 'group-writable and setgid for pushes');
  assert.ok(existsSync(join(root, 'etc/systemd/system/laundry-sorter.service')));
  assert.equal(readlinkSync(join(root, 'usr/local/bin/laundry-sorter')), '/opt/laundry-sorter/bin/laundry-sorter');
  const help = execFileSync(join(root, 'opt/laundry-sorter/bin/laundry-sorter'), ['--help'], { encoding: 'utf8' });
  assert.match(help, /Usage: laundry-sorter <command>/, 'the installed command runs');

  // The user's own config and a pushed model, then an upgrade.
  writeFileSync(join(root, 'etc/laundry-sorter/config.yaml'), '# mine\n');
  cpSync(join(models, readlinkSync(join(models, 'current'))), join(models, 'pushed-00000000'), { recursive: true });
  execFileSync('ln', ['-sfn', 'pushed-00000000', join(models, 'current')]);
  writeFileSync(join(root, 'opt/laundry-sorter/stale-file'), 'from the old version');
  const second = run(root);
  assert.match(second, /kept .*config\.yaml/);
  assert.equal(readFileSync(join(root, 'etc/laundry-sorter/config.yaml'), 'utf8'), '# mine\n');
  assert.equal(readlinkSync(join(models, 'current')), 'pushed-00000000');
  assert.ok(!existsSync(join(root, 'opt/laundry-sorter/stale-file')), 'the program was replaced whole');
  assert.ok(!readdirSync(join(root, 'opt')).some((n) => n.endsWith('.new') || n.endsWith('.old')));

  run(root, '--uninstall');
  assert.ok(!existsSync(join(root, 'opt/laundry-sorter')));
  assert.ok(!existsSync(join(root, 'etc/systemd/system/laundry-sorter.service')));
  assert.ok(existsSync(join(root, 'etc/laundry-sorter/config.yaml')) && existsSync(join(models, 'pushed-00000000')));
  run(root, '--uninstall', '--purge');
  assert.ok(!existsSync(join(root, 'etc/laundry-sorter')) && !existsSync(join(root, 'var/lib/laundry-sorter')));
});

test('the installed default config is valid and points at the installed models', () => {
  const text = readFileSync(join(REPO, 'config', 'default.yaml'), 'utf8');
  assert.match(text, /dir: \/var\/lib\/laundry-sorter\/models\/current/);
  assert.match(text, /dir: \/var\/lib\/laundry-sorter\/journal/);
});

/** A checkout to install from, as a user's might be after running the demo. */
function checkoutAfterDemo(): string {
  const src = tempDir('checkout-');
  for (const part of ['scripts', 'dist', 'bin', 'config', 'systemd', 'models', 'package.json', 'package-lock.json', 'README.md']) cpSync(join(REPO, part), join(src, part), { recursive: true, verbatimSymlinks: true });
  symlinkSync(join(REPO, 'node_modules'), join(src, 'node_modules'));
  writeFileSync(join(src, 'models', 'serving.json'), '{"modelId":"left-by-the-demo"}');
  mkdirSync(join(src, 'models', 'scratch-not-a-model'));
  return src;
}

test('only the shipped models are installed, the program is read-only to all but root, and doctor failing stops the install loudly', () => {
  const src = checkoutAfterDemo();
  const root = tempDir('destdir-');
  const install = (env: Record<string, string> = {}) => spawnSync(join(src, 'scripts', 'install-device.sh'), [], { env: { ...process.env, LAUNDRY_SORTER_DESTDIR: root, LAUNDRY_SORTER_SKIP_NPM: '1', ...env }, encoding: 'utf8' });
  const r = install();
  assert.equal(r.status, 0, r.stderr);
  for (const models of [join(root, 'opt/laundry-sorter/models'), join(root, 'var/lib/laundry-sorter/models')]) {
    assert.ok(!existsSync(join(models, 'serving.json')), `no demo serving record in ${models}`);
    assert.ok(!existsSync(join(models, 'scratch-not-a-model')), `no non-model folder in ${models}`);
  }
  for (const file of ['dist/src/cli/main.js', 'config/default.yaml', 'bin/laundry-sorter']) {
    assert.equal(statSync(join(root, 'opt/laundry-sorter', file)).mode & 0o022, 0, `${file} is writable by group or others`);
  }
  // The default config drives real bins and the Pi camera: neither can work on this machine.
  const checked = install({ LAUNDRY_SORTER_DOCTOR: '1' });
  assert.equal(checked.status, 1, checked.stdout);
  assert.match(checked.stdout, /^fail\s+camera\s+camera\.kind is rpicam/m);
  assert.match(checked.stdout, /FAILED: the sorter cannot work with .*config\.yaml on this machine yet/);
});
