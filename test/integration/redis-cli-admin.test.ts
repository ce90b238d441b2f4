/**
 * redis-cli (the real one, spawned) against Cinder and against redis-server 7.0.15 for the
 * administration commands: CLIENT LIST, CONFIG GET *, INFO. Output shapes must match.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { startPair, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

function cli(port: number, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('redis-cli', ['-p', String(port), ...args], { encoding: 'latin1' }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

test('redis-cli CLIENT LIST: one line, same field names in order (+ 7.2 lib-name, lib-ver)', async () => {
  const o = (await cli(pair.oracle.port, 'CLIENT', 'LIST')).trimEnd();
  const c = (await cli(pair.cinder.port, 'CLIENT', 'LIST')).trimEnd();
  const names = (l: string): string[] => l.split(' ').map((kv) => kv.slice(0, kv.indexOf('=')));
  assert.equal(c.split('\n').length, 1);
  assert.deepEqual(names(c), [...names(o), 'lib-name', 'lib-ver']);
  assert.match(c, / cmd=client\|list user=default redir=-1 resp=2 lib-name= lib-ver=$/);
});

test('redis-cli CONFIG GET *: same names (+ 7.2 additions), pairs on alternate lines', async () => {
  const o = (await cli(pair.oracle.port, 'CONFIG', 'GET', '*')).split('\n');
  const c = (await cli(pair.cinder.port, 'CONFIG', 'GET', '*')).split('\n');
  const names = (l: string[]): string[] => l.filter((_v, i) => i % 2 === 0 && i < l.length - 1).sort();
  const added = ['cluster-announce-human-nodename', 'locale-collate', 'set-max-listpack-entries', 'set-max-listpack-value'];
  assert.deepEqual(
    names(c).filter((n) => !added.includes(n)),
    names(o),
  );
});

test('redis-cli INFO: same section headers; and the same text for INFO cluster', async () => {
  const heads = (s: string): string[] => s.split('\n').filter((l) => l.startsWith('#')).map((l) => l.trim());
  const o = await cli(pair.oracle.port, 'INFO');
  const c = await cli(pair.cinder.port, 'INFO');
  assert.deepEqual(heads(c), heads(o));
  assert.match(c, /^# Server\r\nredis_version:7\.2\.4\r\n/);
  const c2 = await cli(pair.cinder.port, 'INFO', 'cluster');
  assert.equal(c2, '# Cluster\r\ncluster_enabled:0\r\n');
  assert.equal(await cli(pair.oracle.port, 'INFO', 'cluster'), c2);
});
