/**
 * The Redis 7.2 command metadata (src/commands/metadata/commands.json):
 * - the facts the spec pages state (FLUSHALL, FUNCTION FLUSH, SCRIPT FLUSH);
 * - its internal consistency (subcommand links, arguments, versions <= 7.2);
 * - a differential check of every COMMAND INFO field against the real redis-server 7.0.15
 *   installed here, for every command both have. Redis 7.2 wins where it differs from 7.0;
 *   each such difference is listed in KNOWN_72_CHANGES with the value Redis 7.2's
 *   commands.def has, and the test fails if a listed difference disappears (stale list)
 *   or an unlisted one appears.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { decodeReply, type ReplyValue } from '../../src/protocol/reply-parser.js';
import { allCommandMetadata, getCommandMetadata, type CommandArg, type CommandMetadata } from '../../src/commands/metadata/index.js';

// ---------------------------------------------------------------------------------------
// A real redis-server 7.0.15 (the oracle) and a minimal RESP3 client
// ---------------------------------------------------------------------------------------

let proc: ChildProcess | null = null;
let port = 0;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** Sends commands on one RESP3 connection and returns the decoded replies (plain JS values). */
async function oracle(cmds: string[][]): Promise<unknown[]> {
  const sock = net.connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => {
    sock.once('connect', () => r());
    sock.once('error', j);
  });
  const all = [['HELLO', '3'], ...cmds];
  let req = '';
  for (const a of all) req += '*' + a.length + '\r\n' + a.map((x) => '$' + x.length + '\r\n' + x + '\r\n').join('');
  sock.write(req, 'latin1');
  let buf = '';
  const out: ReplyValue[] = [];
  await new Promise<void>((resolve, reject) => {
    sock.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      try {
        for (;;) {
          if (buf.length === 0) break;
          const [v, end] = decodeReply(buf, 0);
          out.push(v);
          buf = buf.slice(end);
        }
      } catch {
        // incomplete reply: wait for more data
      }
      if (out.length === all.length) resolve();
    });
    sock.on('error', reject);
  });
  sock.destroy();
  return out.slice(1).map(plain);
}

/** Sets -> arrays, maps -> objects. */
function plain(x: ReplyValue): unknown {
  if (x instanceof Set) return [...x].map(plain);
  if (x instanceof Map) return Object.fromEntries([...x].map(([k, v]) => [String(k), plain(v)]));
  if (Array.isArray(x)) return x.map(plain);
  return x;
}

before(async () => {
  port = await freePort();
  proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    try {
      const [pong] = await oracle([['PING']]);
      if (pong === 'PONG') return;
    } catch {
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error('redis-server did not start');
});

after(() => {
  if (proc !== null && proc.exitCode === null) proc.kill('SIGKILL');
});

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

const META = allCommandMetadata();

function meta(name: string): CommandMetadata {
  const m = getCommandMetadata(name);
  assert.ok(m, 'metadata for ' + name);
  return m;
}

/** Our metadata in COMMAND INFO's decoded shape (without the subcommands element). */
function infoOf(m: CommandMetadata): unknown[] {
  return [
    m.name,
    m.arity,
    m.infoFlags,
    m.firstKey,
    m.lastKey,
    m.keyStep,
    m.aclCategories,
    m.tips,
    m.keySpecs.map((k) => ({ ...(k.notes !== undefined ? { notes: k.notes } : {}), flags: k.flags, begin_search: k.beginSearch, find_keys: k.findKeys })),
  ];
}

const INFO_FIELDS = ['name', 'arity', 'flags', 'first_key', 'last_key', 'step', 'acl_categories', 'tips', 'key_specs'] as const;

/**
 * Every COMMAND INFO difference between redis-server 7.0.15 and Redis 7.2 (7.2 wins), with
 * the 7.0 value and the 7.2 value from Redis 7.2's commands.def.
 */
const KNOWN_72_CHANGES: Record<string, { field: (typeof INFO_FIELDS)[number]; v70: unknown; v72: unknown; why: string }[]> = {
  'command|getkeys': [{ field: 'arity', v70: -4, v72: -3, why: '7.2 accepts a command name alone (COMMAND GETKEYS cmd)' }],
  'command|getkeysandflags': [{ field: 'arity', v70: -4, v72: -3, why: 'as COMMAND GETKEYS' }],
  zrank: [{ field: 'arity', v70: 3, v72: -3, why: 'WITHSCORE option (7.2.0)' }],
  zrevrank: [{ field: 'arity', v70: 3, v72: -3, why: 'WITHSCORE option (7.2.0)' }],
  blpop: [{ field: 'flags', v70: ['write', 'noscript', 'blocking'], v72: ['write', 'blocking'], why: '7.2 allows blocking commands in scripts (they do not block there)' }],
  brpop: [{ field: 'flags', v70: ['write', 'noscript', 'blocking'], v72: ['write', 'blocking'], why: 'as BLPOP' }],
  blmove: [{ field: 'flags', v70: ['write', 'denyoom', 'noscript', 'blocking'], v72: ['write', 'denyoom', 'blocking'], why: 'as BLPOP' }],
  brpoplpush: [{ field: 'flags', v70: ['write', 'denyoom', 'noscript', 'blocking'], v72: ['write', 'denyoom', 'blocking'], why: 'as BLPOP' }],
  bzpopmin: [{ field: 'flags', v70: ['write', 'noscript', 'blocking', 'fast'], v72: ['write', 'blocking', 'fast'], why: 'as BLPOP' }],
  bzpopmax: [{ field: 'flags', v70: ['write', 'noscript', 'blocking', 'fast'], v72: ['write', 'blocking', 'fast'], why: 'as BLPOP' }],
  wait: [{ field: 'flags', v70: ['noscript'], v72: [], why: '7.2 allows WAIT in scripts' }],
  'cluster|slots': [{ field: 'flags', v70: ['stale'], v72: ['loading', 'stale'], why: 'allowed while loading (7.2)' }],
  'cluster|shards': [{ field: 'flags', v70: ['stale'], v72: ['loading', 'stale'], why: 'allowed while loading (7.2)' }],
  'acl|save': [{ field: 'tips', v70: [], v72: ['request_policy:all_nodes', 'response_policy:all_succeeded'], why: '7.2 request/response policy tips' }],
  'acl|deluser': [{ field: 'tips', v70: [], v72: ['request_policy:all_nodes', 'response_policy:all_succeeded'], why: '7.2 tips' }],
  'acl|setuser': [{ field: 'tips', v70: [], v72: ['request_policy:all_nodes', 'response_policy:all_succeeded'], why: '7.2 tips' }],
  'client|setname': [{ field: 'tips', v70: [], v72: ['request_policy:all_nodes', 'response_policy:all_succeeded'], why: '7.2 tips' }],
  'config|rewrite': [{ field: 'tips', v70: [], v72: ['request_policy:all_nodes', 'response_policy:all_succeeded'], why: '7.2 tips' }],
  'config|resetstat': [{ field: 'tips', v70: [], v72: ['request_policy:all_nodes', 'response_policy:all_succeeded'], why: '7.2 tips' }],
  randomkey: [{ field: 'tips', v70: ['request_policy:all_shards', 'nondeterministic_output'], v72: ['request_policy:all_shards', 'response_policy:special', 'nondeterministic_output'], why: '7.2 tips' }],
  scan: [{ field: 'tips', v70: ['nondeterministic_output', 'request_policy:special'], v72: ['nondeterministic_output', 'request_policy:special', 'response_policy:special'], why: '7.2 tips' }],
  'latency|reset': [{ field: 'tips', v70: ['request_policy:all_nodes', 'response_policy:all_succeeded'], v72: ['request_policy:all_nodes', 'response_policy:agg_sum'], why: '7.2 tips' }],
  msetnx: [{ field: 'tips', v70: ['request_policy:multi_shard', 'response_policy:agg_min'], v72: [], why: '7.2 removed the multi-shard tips (MSETNX is not multi-shard safe)' }],
};

/** Commands and subcommands that Redis 7.2 has and 7.0 lacks (sentinel* exist only in sentinel mode). */
const NEW_IN_72 = ['waitaof', 'client|setinfo', 'client|no-touch', 'cluster|myshardid'];

// ---------------------------------------------------------------------------------------
// Spec pages (shared/spec): exact facts
// ---------------------------------------------------------------------------------------

test('FLUSHALL matches spec/flushall.md', () => {
  const m = meta('flushall');
  assert.equal(m.arity, -1);
  assert.deepEqual(m.infoFlags, ['write']);
  assert.deepEqual(m.aclCategories, ['@keyspace', '@write', '@slow', '@dangerous']);
  assert.deepEqual(m.tips, ['request_policy:all_shards', 'response_policy:all_succeeded']);
  assert.equal(m.docs.summary, 'Removes all keys from all databases.');
  assert.equal(m.docs.since, '1.0.0');
  assert.equal(m.docs.group, 'server');
  assert.equal(m.docs.complexity, 'O(N) where N is the total number of keys in all databases');
  assert.deepEqual(m.docs.history, [
    ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
    ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
  ]);
  assert.deepEqual(m.docs.arguments, [
    {
      name: 'flush-type',
      type: 'oneof',
      flags: ['optional'],
      arguments: [
        { name: 'async', type: 'pure-token', displayText: 'async', token: 'ASYNC', since: '4.0.0' },
        { name: 'sync', type: 'pure-token', displayText: 'sync', token: 'SYNC', since: '6.2.0' },
      ],
    },
  ]);
});

test('FUNCTION FLUSH matches spec/function-flush.md', () => {
  const m = meta('function|flush');
  assert.equal(m.container, 'function');
  assert.equal(m.arity, -2);
  assert.deepEqual(m.infoFlags, ['write', 'noscript']);
  assert.deepEqual(m.aclCategories, ['@write', '@slow', '@scripting']);
  assert.equal(m.docs.summary, 'Deletes all libraries and functions.');
  assert.equal(m.docs.since, '7.0.0');
  assert.equal(m.docs.group, 'scripting');
  assert.equal(m.docs.complexity, 'O(N) where N is the number of functions deleted');
  assert.equal(m.docs.history, undefined);
  assert.deepEqual(m.docs.arguments, [
    {
      name: 'flush-type',
      type: 'oneof',
      flags: ['optional'],
      arguments: [
        { name: 'async', type: 'pure-token', displayText: 'async', token: 'ASYNC' },
        { name: 'sync', type: 'pure-token', displayText: 'sync', token: 'SYNC' },
      ],
    },
  ]);
});

test('SCRIPT FLUSH matches spec/script-flush.md', () => {
  const m = meta('script|flush');
  assert.equal(m.container, 'script');
  assert.equal(m.arity, -2);
  assert.deepEqual(m.infoFlags, ['noscript']);
  assert.deepEqual(m.aclCategories, ['@slow', '@scripting']);
  assert.deepEqual(m.tips, ['request_policy:all_nodes', 'response_policy:all_succeeded']);
  assert.equal(m.docs.summary, 'Removes all server-side Lua scripts from the script cache.');
  assert.equal(m.docs.since, '2.6.0');
  assert.equal(m.docs.group, 'scripting');
  assert.equal(m.docs.complexity, 'O(N) with N being the number of scripts in cache');
  assert.deepEqual(m.docs.history, [['6.2.0', 'Added the `ASYNC` and `SYNC` flushing mode modifiers.']]);
  assert.deepEqual(m.docs.arguments, [
    {
      name: 'flush-type',
      type: 'oneof',
      since: '6.2.0',
      flags: ['optional'],
      arguments: [
        { name: 'async', type: 'pure-token', displayText: 'async', token: 'ASYNC' },
        { name: 'sync', type: 'pure-token', displayText: 'sync', token: 'SYNC' },
      ],
    },
  ]);
});

// ---------------------------------------------------------------------------------------
// Internal consistency
// ---------------------------------------------------------------------------------------

function versionLE72(v: string): boolean {
  const [a, b] = v.split('.').map(Number);
  return a < 7 || (a === 7 && b <= 2);
}

function checkArgs(name: string, args: readonly CommandArg[], nKeySpecs: number): void {
  for (const a of args) {
    const container = a.type === 'oneof' || a.type === 'block';
    assert.equal(a.displayText !== undefined, !container, name + ': display_text on ' + a.name);
    assert.equal(a.arguments !== undefined, container, name + ': sub-arguments on ' + a.name);
    if (a.keySpecIndex !== undefined) assert.ok(a.keySpecIndex >= 0 && a.keySpecIndex < nKeySpecs, name + ': key_spec_index of ' + a.name);
    if (a.since !== undefined) assert.ok(versionLE72(a.since), name + ': since ' + a.since);
    if (a.arguments !== undefined) checkArgs(name, a.arguments, nKeySpecs);
  }
}

test('the metadata is Redis 7.2: consistent, and nothing newer', () => {
  const names = Object.keys(META);
  const top = names.filter((n) => META[n].container === undefined);
  // 241 commands in a non-sentinel 7.2 server (7.0.15 has 240; WAITAOF is new), plus SENTINEL.
  assert.equal(top.length, 242);
  assert.equal(top.filter((n) => !META[n].flags.includes('only_sentinel')).length, 241);
  for (const newer of ['hexpire', 'hgetex', 'hsetex', 'hgetdel', 'cluster|slot-stats']) assert.equal(getCommandMetadata(newer), undefined, newer);
  for (const n of names) {
    const m = META[n];
    assert.equal(m.name, n);
    assert.equal(n, n.toLowerCase());
    if (m.container !== undefined) {
      assert.equal(n.split('|')[0], m.container);
      assert.ok(META[m.container].subcommands?.includes(n), n + ' listed by its container');
    }
    for (const s of m.subcommands ?? []) assert.equal(META[s]?.container, n);
    for (const f of m.infoFlags) assert.ok(m.flags.includes(f));
    assert.ok(m.aclCategories.includes('@fast') !== m.aclCategories.includes('@slow'), n + ': exactly one of @fast/@slow');
    if (m.docs.since !== undefined) assert.ok(versionLE72(m.docs.since), n + ': since ' + m.docs.since);
    for (const [v] of m.docs.history ?? []) assert.ok(versionLE72(v), n + ': history ' + v);
    checkArgs(n, m.docs.arguments ?? [], m.keySpecs.length);
  }
});

test('commands.json is generated, not the upstream source', () => {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'src', 'commands', 'metadata', 'commands.json'), join(here, '..', '..', '..', 'src', 'commands', 'metadata', 'commands.json')];
  let text = '';
  for (const p of candidates) {
    try {
      text = readFileSync(p, 'utf8');
      break;
    } catch {
      // try the next location (running from dist/)
    }
  }
  assert.ok(text.length > 0);
  assert.ok(!text.includes('MAKE_CMD') && !text.includes('MAKE_ARG'));
});

// ---------------------------------------------------------------------------------------
// Differential: COMMAND INFO against redis-server 7.0.15
// ---------------------------------------------------------------------------------------

test('COMMAND INFO of every command equals redis-server 7.0.15, except the known 7.2 changes', async () => {
  const [all, count] = (await oracle([['COMMAND', 'INFO'], ['COMMAND', 'COUNT']])) as [unknown[][], number];
  const theirs = new Map<string, unknown[]>();
  const add = (e: unknown[]): void => {
    theirs.set(e[0] as string, e);
    for (const s of e[9] as unknown[][]) add(s);
  };
  for (const e of all) add(e);
  assert.equal(count, 240);

  const seen = new Set<string>();
  for (const [name, e] of theirs) {
    const m = META[name];
    assert.ok(m, 'Redis 7.0 command missing from the 7.2 metadata: ' + name);
    const mine = infoOf(m);
    for (let i = 0; i < INFO_FIELDS.length; i++) {
      const field = INFO_FIELDS[i];
      const known = KNOWN_72_CHANGES[name]?.find((k) => k.field === field);
      if (known !== undefined) {
        seen.add(name + '/' + field);
        assert.deepEqual(e[i], known.v70, `${name} ${field}: redis-server 7.0 value (allowlist is stale)`);
        assert.deepEqual(mine[i], known.v72, `${name} ${field}: Redis 7.2 value`);
      } else {
        assert.deepEqual(mine[i], e[i], `${name} ${field}`);
      }
    }
    const subs70 = (e[9] as unknown[][]).map((s) => s[0] as string).sort();
    const subs72 = [...(m.subcommands ?? [])].sort();
    assert.deepEqual(subs72.filter((s) => !NEW_IN_72.includes(s)), subs70, name + ' subcommands');
  }
  for (const [name, changes] of Object.entries(KNOWN_72_CHANGES)) for (const ch of changes) assert.ok(seen.has(name + '/' + ch.field), 'unused allowlist entry ' + name + '/' + ch.field);
  const extra = Object.keys(META).filter((n) => !theirs.has(n) && !n.startsWith('sentinel'));
  assert.deepEqual(extra.sort(), [...NEW_IN_72].sort());
});

test('COMMAND DOCS: since, group and history agree with redis-server 7.0.15 up to 7.2 additions', async () => {
  const [docs] = (await oracle([['COMMAND', 'DOCS']])) as [Record<string, Record<string, unknown>>];
  const theirs = new Map<string, Record<string, unknown>>();
  const add = (n: string, d: Record<string, unknown>): void => {
    theirs.set(n, d);
    for (const [sn, sd] of Object.entries((d.subcommands ?? {}) as Record<string, Record<string, unknown>>)) add(sn, sd);
  };
  for (const [n, d] of Object.entries(docs)) add(n, d);
  // Known 7.2 documentation changes: CLIENT PAUSE's `since` was corrected; four commands became deprecated.
  const since72: Record<string, string> = { 'client|pause': '3.0.0' };
  const deprecated72: Record<string, [string, string]> = {
    quit: ['7.2.0', 'just closing the connection'],
    setex: ['2.6.12', '`SET` with the `EX` argument'],
    setnx: ['2.6.12', '`SET` with the `NX` argument'],
    psetex: ['2.6.12', '`SET` with the `PX` argument'],
  };
  for (const [name, d] of theirs) {
    const m = meta(name).docs;
    assert.equal(m.since, since72[name] ?? d.since, name + ' since');
    assert.equal(m.group, d.group, name + ' group');
    const h70 = (d.history ?? []) as [string, string][];
    const h72 = m.history ?? [];
    assert.deepEqual(h72.slice(0, h70.length), h70, name + ' history');
    for (const [v] of h72.slice(h70.length)) assert.equal(v, '7.2.0', name + ' history added in 7.2');
    const dep = deprecated72[name];
    if (dep !== undefined) {
      assert.equal(d.deprecated_since, undefined);
      assert.deepEqual([m.deprecatedSince, m.replacedBy, m.docFlags], [dep[0], dep[1], ['deprecated']], name);
    } else {
      assert.equal(m.deprecatedSince, d.deprecated_since, name + ' deprecated_since');
      assert.equal(m.replacedBy, d.replaced_by, name + ' replaced_by');
      assert.deepEqual(m.docFlags, d.doc_flags, name + ' doc_flags');
    }
  }
});

/**
 * Commands whose DOCS arguments Redis 7.2 changed (7.2 renamed many arguments to unique,
 * kebab-case names and reworked some argument trees); everything else must equal 7.0.15.
 */
const ARGS_CHANGED_IN_72: Record<string, string> = {
  // renamed arguments (same structure)
  'acl|cat': 'categoryname -> category',
  bitcount: 'index -> range, index_unit -> unit',
  bitfield: 'encoding_offset -> get-block, wrap_sat_fail -> overflow-block, ...',
  bitfield_ro: 'encoding_offset -> get-block',
  bitpos: 'index -> range, end_index -> end-unit-block, index_unit -> unit',
  'client|reply': 'on_off_skip -> action',
  'client|unblock': 'timeout_error -> unblock-type',
  'cluster|addslotsrange': 'start-slot_end-slot -> range',
  'cluster|delslotsrange': 'start-slot_end-slot -> range',
  'cluster|meet': 'cluster_bus_port -> cluster-bus-port',
  'cluster|reset': 'hard_soft -> reset-type',
  'cluster|setslot': 'node-id -> importing / migrating / node',
  'config|set': 'parameter_value -> data',
  flushall: 'async -> flush-type (spec/flushall.md)',
  flushdb: 'async -> flush-type',
  'function|flush': 'async -> flush-type (spec/function-flush.md)',
  'script|flush': 'async -> flush-type (spec/script-flush.md)',
  geoadd: 'longitude_latitude_member -> data',
  georadius_ro: 'count -> count-block',
  georadiusbymember_ro: 'count -> count-block',
  geosearch: 'longitude_latitude -> fromlonlat, count -> count-block',
  geosearchstore: 'longitude_latitude -> fromlonlat, count -> count-block',
  hello: 'username_password -> auth',
  hmset: 'field_value -> data',
  hset: 'field_value -> data',
  lcs: 'len -> min-match-len',
  mset: 'key_value -> data',
  msetnx: 'key_value -> data',
  shutdown: 'nosave_save -> save-selector',
  sort: 'pattern -> by-pattern / get-pattern, offset_count -> limit',
  sort_ro: 'pattern -> by-pattern / get-pattern, offset_count -> limit',
  xadd: 'id_or_auto -> id-selector, auto_id -> auto-id, field_value -> data',
  xclaim: 'id -> lastid',
  'xgroup|create': 'groupname -> group, id -> id-selector, new_id -> new-id, entries_read -> entries-read',
  'xgroup|createconsumer': 'groupname -> group, consumername -> consumer',
  'xgroup|delconsumer': 'groupname -> group, consumername -> consumer',
  'xgroup|destroy': 'groupname -> group',
  'xgroup|setid': 'groupname -> group, id -> id-selector, new_id -> new-id, entries_read -> entriesread',
  'xinfo|consumers': 'groupname -> group',
  xreadgroup: 'group_consumer -> group-block',
  xsetid: 'entries_added -> entries-added, max_deleted_entry_id -> max-deleted-id',
  zadd: 'score_member -> data',
  zrange: 'offset_count -> limit',
  zrangebylex: 'offset_count -> limit',
  zrangebyscore: 'offset_count -> limit',
  zrangestore: 'offset_count -> limit',
  zrevrangebylex: 'offset_count -> limit',
  zrevrangebyscore: 'offset_count -> limit',
  // reworked argument trees
  bitop: 'operation: a string -> a oneof of AND/OR/XOR/NOT tokens',
  'client|kill': 'old-format / new-format blocks, client-type, addr, laddr, skipme oneof',
  'client|list': 'client-type; ID takes a multiple integer instead of a block',
  'config|get': 'parameter: a block -> a multiple string',
  'module|loadex': 'args: a block -> a multiple string',
  psubscribe: 'pattern: a block -> a multiple pattern',
  replicaof: 'args oneof -> host, port',
  slaveof: 'args oneof -> host, port',
  georadius: 'STORE / STOREDIST keys -> one optional store oneof; count -> count-block',
  georadiusbymember: 'STORE / STOREDIST keys -> one optional store oneof; count -> count-block',
  'xinfo|stream': 'full -> full-block (FULL token + optional COUNT)',
  migrate: 'key_or_empty_string -> key-selector, empty_string -> empty-string, authentication reworked',
  // optional flags added
  geohash: 'member becomes optional',
  geopos: 'member becomes optional',
  pfmerge: 'sourcekey becomes optional',
  // new arguments
  zrank: 'WITHSCORE (7.2.0)',
  zrevrank: 'WITHSCORE (7.2.0)',
  'command|getkeys': 'arguments documented (command, arg)',
  'command|getkeysandflags': 'arguments documented (command, arg)',
};

test('COMMAND DOCS arguments equal redis-server 7.0.15 except the 7.2 argument changes', async () => {
  const [docs] = (await oracle([['COMMAND', 'DOCS']])) as [Record<string, Record<string, unknown>>];
  const theirs = new Map<string, Record<string, unknown>>();
  const add = (n: string, d: Record<string, unknown>): void => {
    theirs.set(n, d);
    for (const [sn, sd] of Object.entries((d.subcommands ?? {}) as Record<string, Record<string, unknown>>)) add(sn, sd);
  };
  for (const [n, d] of Object.entries(docs)) add(n, d);
  type A = Record<string, unknown>;
  // 7.0 reports display_text only where commands.json sets one; 7.2 defaults it to the name
  // for every argument that is not a oneof/block.
  const skel70 = (args: A[] | undefined): unknown =>
    args?.map((a) => ({
      name: a.name,
      type: a.type,
      display: a.display_text ?? (a.type !== 'oneof' && a.type !== 'block' ? a.name : undefined),
      ksi: a.key_spec_index,
      token: a.token,
      summary: a.summary,
      since: a.since,
      dep: a.deprecated_since,
      flags: a.flags,
      args: skel70(a.arguments as A[] | undefined),
    }));
  const skel72 = (args: readonly CommandArg[] | undefined): unknown =>
    args?.map((a) => ({
      name: a.name,
      type: a.type,
      display: a.displayText,
      ksi: a.keySpecIndex,
      token: a.token,
      summary: a.summary,
      since: a.since,
      dep: a.deprecatedSince,
      flags: a.flags,
      args: skel72(a.arguments),
    }));
  const used = new Set<string>();
  for (const [name, d] of theirs) {
    const a70 = JSON.stringify(skel70(d.arguments as A[] | undefined));
    const a72 = JSON.stringify(skel72(meta(name).docs.arguments));
    if (name in ARGS_CHANGED_IN_72) {
      used.add(name);
      assert.notEqual(a72, a70, name + ': listed as changed in 7.2 but equal (stale allowlist)');
    } else {
      assert.equal(a72, a70, name + ' arguments');
    }
  }
  assert.deepEqual(Object.keys(ARGS_CHANGED_IN_72).filter((n) => !used.has(n)), []);
});
