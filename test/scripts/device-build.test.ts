// The two ways a device gets a runnable build without running tsc (about 400 MB, too much
// for a Pi Zero 2 W): the release tarball built on a workstation, and the low-memory
// transpile of a git checkout. Both must behave exactly as the type-checked build does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

const photos = () => {
  const root = join(REPO, 'test/fixtures/real-photos');
  return readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(root, d.name)).filter((f) => f.endsWith('.jpg')).map((f) => join(root, d.name, f))).sort();
};
const classify = (main: string) => execFileSync(process.execPath, [main, 'classify', '--json', ...photos()], { encoding: 'utf8', cwd: REPO });

test('the low-memory transpile of a checkout classifies byte for byte as the type-checked build', () => {
  const out = tempDir('transpiled-');
  // Laid out like a checkout, so the build finds the packages, models and demo config.
  for (const entry of ['node_modules', 'package.json', 'models', 'config', 'demo']) symlinkSync(join(REPO, entry), join(out, entry));
  const r = spawnSync(process.execPath, ['--max-old-space-size=96', join(REPO, 'scripts/transpile.mjs'), '--out', join(out, 'dist')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^transpiled \d+ files into /);
  assert.ok(existsSync(join(out, 'dist/src/gpio/chardev/gpiod-helper.py')), 'the GPIO helper is part of the build');
  assert.equal(classify(join(out, 'dist/src/cli/main.js')), classify(join(REPO, 'dist/src/cli/main.js')));
});

test('the release tarball holds the build, the shipped models and the installers, and nothing a device does not need', () => {
  const out = tempDir('release-');
  const r = spawnSync(join(REPO, 'scripts/make-release.sh'), ['--out', out, '--no-build', '--arch', 'none'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [tarball] = readdirSync(out);
  assert.match(tarball, /^laundry-sorter-\d+\.\d+\.\d+\.tar\.gz$/);
  const files = execFileSync('tar', ['tzf', join(out, tarball)], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^[^/]+\//, ''));
  for (const needed of ['dist/src/cli/main.js', 'dist/src/gpio/chardev/gpiod-helper.py', 'bin/laundry-sorter', 'scripts/install-device.sh', 'scripts/install-deps.sh',
    'systemd/laundry-sorter.service', 'config/default.yaml', 'package-lock.json', 'LICENSE', 'models/current', `models/${readlinkSync(join(REPO, 'models/current'))}/manifest.json`]) {
    assert.ok(files.includes(needed), `${needed} is missing`);
  }
  for (const f of files) {
    assert.ok(!/^(src|test|bench|runs)\/|^dist\/(test|bench)\/|^models\/serving\.json$|\.ts$/.test(f), `${f} does not belong in a release`);
  }
});

test('a release for the device\'s CPU installs and runs with no npm on the device', () => {
  const out = tempDir('release-x64-');
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const r = spawnSync(join(REPO, 'scripts/make-release.sh'), ['--out', out, '--no-build', '--arch', arch], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [tarball] = readdirSync(out);
  assert.match(tarball, new RegExp(`-linux-${arch}\\.tar\\.gz$`));
  execFileSync('tar', ['xzf', join(out, tarball), '-C', out]);
  const unpacked = join(out, readdirSync(out).find((f) => !f.endsWith('.tar.gz'))!);
  // The installer, into a staging root, with an npm on PATH that records being run: it must not be.
  const stage = join(out, 'stage');
  const bin = tempDir('no-npm-');
  symlinkSync(process.execPath, join(bin, 'node'));
  writeFileSync(join(bin, 'npm'), `#!/bin/sh\necho "npm $*" >> ${join(bin, 'npm-ran')}\nexit 1\n`, { mode: 0o755 });
  const install = spawnSync(join(unpacked, 'scripts/install-device.sh'), [], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin`, LAUNDRY_SORTER_DESTDIR: stage } });
  assert.equal(install.status, 0, install.stderr + install.stdout);
  assert.ok(!existsSync(join(bin, 'npm-ran')), 'the installer ran npm');
  const installed = join(stage, 'opt/laundry-sorter/bin/laundry-sorter');
  const [photo] = photos();
  const classified = JSON.parse(execFileSync(installed, ['classify', '--json', photo], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } }));
  assert.equal(classified.length ?? 1, 1);
});
