// install-deps.sh on a machine whose Node is too old: it says what to do and installs nothing.
// Node, apt-get and dpkg are stand-ins on PATH that record being called.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers/sorter-process.js';
import { tempDir } from '../helpers/temp-dir.js';

function fakeBin(scripts: Record<string, string>): string {
  const bin = tempDir('fake-bin-');
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  // The few real tools the script uses; nothing else on PATH (no real node, apt or dpkg).
  for (const tool of ['awk', 'id', 'cat']) if (!scripts[tool]) symlinkSync(spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim(), join(bin, tool));
  return bin;
}

function installDeps(bin: string) {
  const calls = join(bin, 'calls');
  const r = spawnSync('/bin/bash', [join(REPO, 'scripts', 'install-deps.sh')], { encoding: 'utf8', env: { PATH: bin, CALLS: calls } });
  return { ...r, calls: existsSync(calls) ? readFileSync(calls, 'utf8') : '' };
}

const recorder = (name: string) => `echo "${name} $*" >> "$CALLS"; exit 0`;

test('Node 18 installed: refused before anything is installed, with what to do', () => {
  const bin = fakeBin({
    node: 'case "$1" in --version) echo v18.19.0;; -p) echo 18;; esac',
    npm: 'echo 9.2.0',
    'apt-get': recorder('apt-get'), dpkg: 'exit 1', sudo: recorder('sudo'),
  });
  const r = installDeps(bin);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /needs Node\.js 20 or newer; this machine has v18\.19\.0/);
  assert.match(r.stderr, /NodeSource/);
  assert.match(r.stderr, /Nothing was installed/);
  assert.equal(r.calls, '', 'apt-get was never called');
});

test('no Node, and the distribution only offers Node 18: refused before anything is installed', () => {
  const bin = fakeBin({
    'apt-cache': 'echo "nodejs:"; echo "  Installed: (none)"; echo "  Candidate: 18.19.0+dfsg-6~deb12u2"',
    'apt-get': recorder('apt-get'), dpkg: 'exit 1', sudo: recorder('sudo'),
  });
  const r = installDeps(bin);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /this system's nodejs package is 18\.19\.0\+dfsg-6~deb12u2/);
  assert.equal(r.calls, '', 'apt-get was never called');
});
