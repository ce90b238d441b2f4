/**
 * The config table and the redis.conf parser (src/config/config.ts), and CONFIG REWRITE's
 * content generation (src/config/rewrite.ts). Expected values come from redis-server
 * 7.0.15 runs (CONFIG GET after loading the same file) or from Redis's config.c rules.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { tempDir } from '../helpers/tmp.js';
import { join } from 'node:path';
import { Config, memtoull } from '../../src/config/config.js';
import { rewriteConfigContent, rewriteConfig } from '../../src/config/rewrite.js';

test('memtoull: units and errors as Redis', () => {
  assert.equal(memtoull('100'), 100);
  assert.equal(memtoull('1k'), 1000);
  assert.equal(memtoull('1KB'), 1024);
  assert.equal(memtoull('2mb'), 2 * 1024 * 1024);
  assert.equal(memtoull('1g'), 1e9);
  assert.equal(memtoull('1Gb'), 1024 ** 3);
  assert.equal(memtoull('3b'), 3);
  assert.equal(memtoull('-1'), null);
  assert.equal(memtoull('1.5gb'), null);
  assert.equal(memtoull('1tb'), null);
  assert.equal(memtoull(' 1'), null);
});

test('defaults as CONFIG GET reports them', () => {
  const c = new Config();
  const get = (n: string): string => c.format(c.lookup(n)!);
  assert.equal(get('save'), '3600 1 300 100 60 10000');
  assert.equal(get('maxmemory'), '0');
  assert.equal(get('proto-max-bulk-len'), '536870912');
  assert.equal(get('client-output-buffer-limit'), 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
  assert.equal(get('bind'), '* -::*');
  assert.equal(get('dir'), process.cwd());
  assert.equal(get('lua-time-limit'), '5000');
  assert.equal(get('unixsocketperm'), '0');
  assert.equal(get('loglevel'), 'notice');
  assert.equal(get('latency-tracking-info-percentiles'), '50 99 99.9');
  assert.equal(get('set-max-listpack-entries'), '128');
  assert.equal(c.getNumber('hz'), 10);
  assert.equal(c.getBool('appendonly'), false);
});

test('loadFromString: comments, quoting, multi-arg values, save lines accumulate, aliases', () => {
  const c = new Config();
  c.loadFromString(
    [
      '# comment',
      '  maxmemory 100mb  ',
      'save 900 1',
      'save 300 10',
      'hash-max-ziplist-entries 100',
      'notify-keyspace-events "KEA"',
      'masterauth "a b"',
      'client-output-buffer-limit replica 1mb 2mb 3',
      'client-output-buffer-limit pubsub 0 0 0',
      'oom-score-adj-values 1 2 3',
      'appendfsync ALWAYS',
      'unixsocketperm 700',
      'shutdown-on-sigint save now',
    ].join('\n'),
  );
  const get = (n: string): string => c.format(c.lookup(n)!);
  assert.equal(get('maxmemory'), '104857600');
  assert.equal(get('save'), '900 1 300 10');
  assert.equal(get('hash-max-listpack-entries'), '100');
  assert.equal(get('notify-keyspace-events'), 'AKE');
  assert.equal(get('masterauth'), 'a b');
  assert.equal(get('client-output-buffer-limit'), 'normal 0 0 0 slave 1048576 2097152 3 pubsub 0 0 0');
  assert.equal(get('oom-score-adj-values'), '1 2 3');
  assert.equal(get('appendfsync'), 'always');
  assert.equal(get('unixsocketperm'), '700');
  assert.equal(get('shutdown-on-sigint'), 'save now');
  // save "" clears the save points.
  const d = new Config();
  d.loadFromString('save ""');
  assert.equal(d.getString('save'), '');
});

test('loadFromString errors name the line, as redis-server does', () => {
  const c = new Config();
  assert.throws(() => c.loadFromString('port 1\nbogus-option 1'), /at line 2\n>>> 'bogus-option 1'\nBad directive or wrong number of arguments/);
  assert.throws(() => c.loadFromString('maxmemory abc'), /argument must be a memory value/);
  assert.throws(() => c.loadFromString('port 1 2'), /wrong number of arguments/);
  assert.throws(() => c.loadFromString('masterauth "abc'), /Unbalanced quotes/);
});

test('setFromString: bounds, clamping, percent, exact big values', () => {
  const c = new Config();
  const set = (n: string, v: string): string | null => c.setFromString(c.lookup(n)!, v);
  assert.equal(set('hz', '0'), null);
  assert.equal(c.getNumber('hz'), 1);
  assert.equal(set('hz', '100000'), null);
  assert.equal(c.getNumber('hz'), 500);
  assert.equal(set('maxmemory-clients', '10%'), null);
  assert.equal(c.format(c.lookup('maxmemory-clients')!), '10%');
  assert.equal(set('maxmemory', '18446744073709551615'), null);
  assert.equal(c.format(c.lookup('maxmemory')!), '18446744073709551615');
  assert.equal(set('slowlog-log-slower-than', '-2'), 'argument must be between -1 and 9223372036854775807 inclusive');
  assert.equal(set('maxclients', '4294967296'), 'argument must be between 1 and 4294967295 inclusive');
  assert.equal(set('appendonly', 'maybe'), "argument must be 'yes' or 'no'");
});

test('CONFIG REWRITE content: in-place replacement, orphans blanked, tail appended', () => {
  const dir = tempDir('cfg');
  const file = join(dir, 'r.conf');
  writeFileSync(file, '# head\nport 7000\n\nsave 900 1\nsave 300 10\nhash-max-ziplist-entries 100\n\n\n# tail comment\nunknown-thing 5\ninclude /dev/null\n');
  const c = new Config();
  c.loadFromString('port 7000\nsave 900 1\nsave 300 10\nhash-max-ziplist-entries 100');
  c.setFromString(c.lookup('hash-max-listpack-entries')!, '64');
  c.setFromString(c.lookup('maxmemory')!, '3mb');
  c.setFromString(c.lookup('save')!, '10 1');
  const out = rewriteConfigContent(file, c);
  const lines = out.split('\n');
  assert.deepEqual(lines.slice(0, 10), [
    '# head',
    'port 7000',
    '',
    'save 10 1',
    '',
    'hash-max-listpack-entries 64',
    '',
    '# tail comment',
    '# ??? unknown-thing 5',
    'include /dev/null',
  ]);
  assert.equal(lines[10], '');
  assert.equal(lines[11], '# Generated by CONFIG REWRITE');
  const tail = lines.slice(12).filter((l) => l !== '');
  // An empty or missing file gets the signature first.
  assert.ok(rewriteConfigContent(join(dir, 'missing.conf'), c).startsWith('# Generated by CONFIG REWRITE\n'));
  assert.ok(tail.includes('maxmemory 3mb'));
  assert.ok(tail.includes('dir "' + process.cwd() + '"'));
  assert.ok(tail.includes('latency-tracking-info-percentiles 50 99 99.9'));
  assert.ok(tail.includes('user default on nopass ~* &* +@all'));
  // As redis-server 7.0.15 does, the second rewrite adds one trailing blank line (the file's
  // final newline reads back as an empty line); from then on the file is stable.
  rewriteConfig(file, c);
  const first = readFileSync(file, 'latin1');
  assert.equal(rewriteConfigContent(file, c), first + '\n');
  rewriteConfig(file, c);
  assert.equal(rewriteConfigContent(file, c), readFileSync(file, 'latin1'));
});
