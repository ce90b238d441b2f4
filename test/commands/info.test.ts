/**
 * INFO against the oracle (redis-server 7.0.15): the same sections in the same order, and
 * per section the same field names in the same order, values compared where they are
 * deterministic. Fields Redis 7.2 added after 7.0 are listed here explicitly (7.2 server.c
 * genRedisInfoString):
 *  - Server: listener0 (getListensInfoString, last line);
 *  - Clients: total_blocking_keys, total_blocking_keys_on_nokey (last lines);
 *  - Stats: eventloop_cycles ... acl_access_denied_channel (last lines).
 * Latencystats lines (per-command latency percentiles) are not produced by Cinder yet.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, RawClient, type Pair } from '../helpers/oracle.js';

let pair: Pair;
before(async () => {
  pair = await startPair();
});
after(async () => {
  await pair.stop();
});

const ADDED_72: Readonly<Record<string, readonly string[]>> = {
  Server: ['listener0'],
  Clients: ['total_blocking_keys', 'total_blocking_keys_on_nokey'],
  Stats: [
    'eventloop_cycles',
    'eventloop_duration_sum',
    'eventloop_duration_cmd_sum',
    'instantaneous_eventloop_cycles_per_sec',
    'instantaneous_eventloop_duration_usec',
    'acl_access_denied_auth',
    'acl_access_denied_cmd',
    'acl_access_denied_key',
    'acl_access_denied_channel',
  ],
};

/** Parses INFO text into [section title, [field, value][]][]. */
function sections(raw: string): Array<[string, Array<[string, string]>]> {
  const body = raw.slice(raw.indexOf('\r\n') + 2, raw.length - 2).replace(/^txt:/, '');
  const out: Array<[string, Array<[string, string]>]> = [];
  for (const line of body.split('\r\n')) {
    if (line === '') continue;
    if (line.startsWith('# ')) {
      out.push([line.slice(2), []]);
      continue;
    }
    const i = line.indexOf(':');
    out[out.length - 1][1].push([line.slice(0, i), line.slice(i + 1)]);
  }
  return out;
}

async function infoBoth(args: string[], setup: string[][] = [], resp = 2): Promise<[ReturnType<typeof sections>, ReturnType<typeof sections>, string, string]> {
  const [o, c] = await pair.run([...setup, ['INFO', ...args]], resp);
  return [sections(o[o.length - 1]), sections(c[c.length - 1]), o[o.length - 1], c[c.length - 1]];
}

test('INFO everything: same sections, same field names in the same order', async () => {
  const [o, c] = await infoBoth(['everything'], [['SET', 'a', '1'], ['NOSUCH']]);
  assert.deepEqual(
    c.map(([t]) => t),
    o.map(([t]) => t),
  );
  for (let i = 0; i < o.length; i++) {
    const [title, of] = o[i];
    const cf = c[i][1];
    if (title === 'Latencystats') continue;
    if (title === 'Commandstats') {
      // The oracle helper PINGs the oracle to see it is up: ignore that entry.
      assert.deepEqual(cf.map(([k]) => k).sort(), of.map(([k]) => k).filter((k) => k !== 'cmdstat_ping').sort());
      continue;
    }
    assert.deepEqual(
      cf.map(([k]) => k),
      [...of.map(([k]) => k), ...(ADDED_72[title] ?? [])],
      'section ' + title,
    );
  }
});

test('INFO default, all, several sections, unknown sections, case', async () => {
  for (const args of [[], ['default'], ['all'], ['server', 'CLIENTS'], ['keyspace', 'nosuch'], ['nosuch'], ['modules'], ['module_list'], ['cluster'], ['Cpu', 'cpu']]) {
    const [o, c] = await infoBoth(args);
    assert.deepEqual(
      c.map(([t]) => t),
      o.map(([t]) => t),
      JSON.stringify(args),
    );
  }
});

test('INFO replies: bulk in RESP2, verbatim txt in RESP3; empty for unknown sections', async () => {
  await pair.check([['INFO', 'nosuch'], ['INFO', 'cluster']]);
  const [, , , c3] = await infoBoth(['cluster'], [], 3);
  assert.equal(c3, '=' + (4 + '# Cluster\r\ncluster_enabled:0\r\n'.length) + '\r\ntxt:# Cluster\r\ncluster_enabled:0\r\n\r\n');
});

test('INFO keyspace, errorstats, deterministic values', async () => {
  const norm = (r: string): string => r.replace(/avg_ttl=\d+/g, 'avg_ttl=T');
  await pair.check(
    [
      ['SET', 'a', '1'],
      ['SET', 'b', '2', 'EX', '100'],
      ['SELECT', '2'],
      ['SET', 'c', '3'],
      ['INFO', 'keyspace'],
      ['CONFIG', 'RESETSTAT'],
      ['NOSUCH'],
      ['SET', 'x'],
      ['INCR', 'c'],
      ['INCR', 'c', 'd'],
      ['INFO', 'errorstats'],
      ['INFO', 'cluster'],
    ],
    { normalize: norm },
  );
});

test('INFO values: clients, replication, persistence, memory fields', async () => {
  const c = await RawClient.connect(pair.cinder.port);
  await c.send('FLUSHALL');
  await c.send('SET', 'k', 'v');
  const s = new Map(sections(await c.send('INFO', 'everything')).flatMap(([, f]) => f));
  assert.equal(s.get('role'), 'master');
  assert.equal(s.get('connected_slaves'), '0');
  assert.match(s.get('master_replid')!, /^[0-9a-f]{40}$/);
  assert.equal(s.get('redis_version'), '7.2.4');
  assert.equal(s.get('tcp_port'), String(pair.cinder.port));
  assert.equal(s.get('listener0'), 'name=tcp,bind=127.0.0.1,port=' + pair.cinder.port);
  assert.equal(s.get('connected_clients'), String(pair.cinder.server.clients.size));
  assert.equal(s.get('rdb_changes_since_last_save'), String(pair.cinder.server.dirty));
  assert.equal(s.get('rdb_bgsave_in_progress'), '0');
  assert.equal(s.get('loading'), '0');
  assert.equal(s.get('lazyfree_pending_objects'), String(pair.cinder.server.lazyfree.pendingObjects));
  assert.equal(s.get('lazyfreed_objects'), String(pair.cinder.server.lazyfree.freedObjects));
  assert.ok(Number(s.get('used_memory')) > 0);
  assert.match(s.get('used_memory_human')!, /^\d+\.\d\dM$/);
  assert.match(s.get('used_cpu_user')!, /^\d+\.\d{6}$/);
  assert.match(s.get('cmdstat_set')!, /^calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=0$/);
  assert.equal(s.get('db0'), 'keys=1,expires=0,avg_ttl=0');
  // Providers installed by other modules replace a field's value.
  pair.cinder.server.stats.infoFields.set('rdb_bgsave_in_progress', () => 1);
  const p = new Map(sections(await c.send('INFO', 'persistence')).flatMap(([, f]) => f));
  assert.equal(p.get('rdb_bgsave_in_progress'), '1');
  pair.cinder.server.stats.infoFields.delete('rdb_bgsave_in_progress');
  c.close();
});

test('INFO commandstats: subcommands as cmdstat_<container>|<sub>, rejected and failed calls', async () => {
  const norm = (r: string): string => {
    if (r[0] === ':') return ':N';
    const t = r.replace(/usec=\d+,usec_per_call=[\d.]+/g, 'usec=U').replace(/^([$=])\d+/, '$1L');
    const lines = t.split('\r\n');
    return [lines[0], lines[1], ...lines.slice(2).sort()].join('\r\n');
  };
  await pair.check(
    [['CONFIG', 'RESETSTAT'], ['CONFIG', 'GET', 'hz'], ['GET'], ['INCR', 'nan'], ['SET', 'nan', 'x'], ['INCR', 'nan'], ['CLIENT', 'ID'], ['INFO', 'commandstats']],
    { normalize: norm, protocols: [2] },
  );
});

test('INFO latencystats: HdrHistogram (2 significant digits) percentiles, as redis-server prints them', async () => {
  const srv = pair.cinder.server;
  const set = srv.commands.get('set')!;
  const configGet = srv.commands.get('config')!.subcommands!.get('get')!;
  set.stats.latency = null;
  configGet.stats.latency = null;
  // redis-server 7.0.15 printed p50=5.023 for a 5 usec SET and p50=29.055 for a 29 usec DECRBY.
  set.stats.recordLatency(5);
  configGet.stats.recordLatency(29);
  configGet.stats.recordLatency(29);
  configGet.stats.recordLatency(1000);
  const c = await RawClient.connect(pair.cinder.port);
  const s = new Map(sections(await c.send('INFO', 'latencystats')).flatMap(([, f]) => f));
  assert.equal(s.get('latency_percentiles_usec_set'), 'p50=5.023,p99=5.023,p99.9=5.023');
  assert.equal(s.get('latency_percentiles_usec_config|get'), 'p50=29.055,p99=1003.519,p99.9=1003.519');
  assert.equal(await c.send('CONFIG', 'SET', 'latency-tracking-info-percentiles', '0 100'), '+OK\r\n');
  const t = new Map(sections(await c.send('INFO', 'latencystats')).flatMap(([, f]) => f));
  assert.equal(t.get('latency_percentiles_usec_config|get'), 'p0=29.055,p100=1003.519');
  assert.equal(await c.send('CONFIG', 'SET', 'latency-tracking-info-percentiles', '50 99 99.9'), '+OK\r\n');
  assert.equal(await c.send('CONFIG', 'RESETSTAT'), '+OK\r\n');
  // As in Redis's call(), the histogram is updated after the command ran: RESETSTAT's own
  // latency is the only one left.
  const withLatency: string[] = [];
  for (const cmd of srv.commands.values()) {
    for (const c of cmd.subcommands === null ? [cmd] : [...cmd.subcommands.values()]) if (c.stats.latency !== null) withLatency.push(c.fullname);
  }
  assert.deepEqual(withLatency, ['config|resetstat']);
  c.close();
});

test('INFO stats pubsub counters', async () => {
  const norm = (r: string): string => (r.includes('# Stats') ? r.split('\r\n').filter((l) => /^pubsub/.test(l)).join(',') : r);
  await pair.check([['SUBSCRIBE', 'a', 'b'], ['PSUBSCRIBE', 'p*'], ['SSUBSCRIBE', 's'], ['INFO', 'stats']], { normalize: norm, protocols: [3] });
});

test('INFO persistence with appendonly yes: the aof_* block is appended, as in redis-server', async () => {
  const { tempDir } = await import('../helpers/tmp.js');
  const { startOracle } = await import('../helpers/oracle.js');
  const { startServer } = await import('../../src/index.js');
  const here = process.cwd();
  const dir = tempDir('aof');
  const oracle = await startOracle(['--appendonly', 'yes', '--dir', dir]);
  const cinder = await startServer({ config: { appendonly: 'yes', dir } });
  process.chdir(here);
  try {
    const names: string[][] = [];
    for (const port of [oracle.port, cinder.port]) {
      const c = await RawClient.connect(port);
      names.push(sections(await c.send('INFO', 'persistence'))[0][1].map(([k]) => k));
      c.close();
    }
    assert.deepEqual(names[1], names[0]);
    assert.equal(names[1][names[1].length - 1], 'aof_delayed_fsync');
  } finally {
    await cinder.close();
    await oracle.stop();
  }
});
