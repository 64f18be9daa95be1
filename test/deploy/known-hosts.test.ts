import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHostKey, fingerprint, hostFieldMatches, keysFor } from '../../src/deploy/known-hosts.js';
import { parseTarget, formatTarget } from '../../src/deploy/ssh-target.js';
import { tempDir } from '../helpers/temp-dir.js';

/** A syntactically real ed25519 public key blob: string "ssh-ed25519", then 32 key bytes. */
function keyBlob(): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const len = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n); return b; };
  return Buffer.concat([len(type.length), type, len(32), randomBytes(32)]);
}
const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
};

test('host fields: plain lists, [host]:port, globs, negation and hashed names', () => {
  assert.ok(hostFieldMatches('sorter,10.0.0.5', '10.0.0.5'));
  assert.ok(hostFieldMatches('[10.0.0.5]:2222', '[10.0.0.5]:2222'));
  assert.ok(!hostFieldMatches('10.0.0.5', '[10.0.0.5]:2222'), 'port 22 entries do not cover other ports');
  assert.ok(hostFieldMatches('sorter-*.local', 'sorter-kitchen.local'));
  assert.ok(!hostFieldMatches('sorter-*.local,!sorter-attic.local', 'sorter-attic.local'));
  assert.ok(hostFieldMatches(hashed('[127.0.0.1]:2200'), '[127.0.0.1]:2200'));
  assert.ok(!hostFieldMatches(hashed('[127.0.0.1]:2200'), '[127.0.0.1]:2201'));
});

test('checkHostKey: known passes, unknown and changed are refused with fingerprints, revoked is refused, accept-new records only unknown hosts', () => {
  const dir = tempDir();
  const good = keyBlob();
  const other = keyBlob();
  const file = join(dir, 'known_hosts');
  writeFileSync(file, `# comment\n${hashed('[sorter]:2222')} ssh-ed25519 ${good.toString('base64')}\n@revoked * ssh-ed25519 ${other.toString('base64')}\n`);
  assert.doesNotThrow(() => checkHostKey('sorter', 2222, good, { knownHostsFile: file }));
  assert.throws(() => checkHostKey('sorter', 2222, other, { knownHostsFile: file }), /marks @revoked/);
  const third = keyBlob();
  assert.throws(() => checkHostKey('sorter', 2222, third, { knownHostsFile: file, acceptNew: true }), (err: Error & { hint?: string }) => {
    assert.match(err.message, new RegExp(`HOST KEY CHANGED for \\[sorter\\]:2222: it presented ssh-ed25519 ${fingerprint(third).replace(/[+/]/g, '\\$&')}`));
    assert.match(err.hint ?? '', /ssh-keygen -R/);
    return true;
  });
  assert.throws(() => checkHostKey('newpi', 22, third, { knownHostsFile: file }), /newpi is not in .*presented ssh-ed25519 key SHA256:/);
  const lines: string[] = [];
  checkHostKey('newpi', 22, third, { knownHostsFile: file, acceptNew: true }, (l) => lines.push(l));
  assert.match(lines[0], /recorded newpi's ssh-ed25519 key/);
  assert.equal(keysFor(readFileSync(file, 'utf8'), 'newpi', 22).filter((k) => !k.revoked).length, 1);
  assert.doesNotThrow(() => checkHostKey('newpi', 22, third, { knownHostsFile: file }));
});

test('a pinned fingerprint replaces known_hosts', () => {
  const key = keyBlob();
  assert.doesNotThrow(() => checkHostKey('x', 22, key, { fingerprint: fingerprint(key), knownHostsFile: '/nonexistent' }));
  assert.doesNotThrow(() => checkHostKey('x', 22, key, { fingerprint: fingerprint(key).slice('SHA256:'.length) }));
  assert.throws(() => checkHostKey('x', 22, keyBlob(), { fingerprint: fingerprint(key) }), /not the pinned/);
});

test('targets: user@host[:port], IPv6 in brackets, and clear errors', () => {
  assert.deepEqual(parseTarget('pi@sorter.local'), { user: 'pi', host: 'sorter.local', port: 22 });
  assert.deepEqual(parseTarget('pi@10.0.0.5:2222'), { user: 'pi', host: '10.0.0.5', port: 2222 });
  assert.deepEqual(parseTarget('pi@[fe80::1]:2200'), { user: 'pi', host: 'fe80::1', port: 2200 });
  assert.equal(formatTarget(parseTarget('pi@[fe80::1]:2200')), 'pi@[fe80::1]:2200');
  assert.throws(() => parseTarget('pi@host:99999'), /`pi@host:99999` is not a host/);
  assert.throws(() => parseTarget('pi@'), /is not a host/);
});
