/**
 * The COMMAND family (src/commands/command.ts) and the key-spec extractor
 * (src/commands/keys.ts), against the real redis-server 7.0.15 installed here.
 *
 * Cinder reports only the commands it registers, so replies are compared with the oracle's
 * for those commands; where Redis 7.2 differs from 7.0 (see KNOWN_72_CHANGES in
 * metadata.test.ts, which checks the data itself), the 7.2 value is expected instead.
 */
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startPair, type Pair } from '../helpers/oracle.js';
import { decodeReply, ReplyError, type ReplyValue } from '../../src/protocol/reply-parser.js';
import { getCommandMetadata, allCommandMetadata, type CommandArg, type CommandMetadata } from '../../src/commands/metadata/index.js';
import { getKeysFromCommand, getKeysUsingKeySpecs, doesCommandHaveKeys } from '../../src/commands/keys.js';

/**
 * Commands whose COMMAND INFO differs between 7.0.15 and 7.2 (each difference is listed,
 * with its reason, in metadata.test.ts KNOWN_72_CHANGES), and the ones 7.0 lacks.
 */
const CHANGED_IN_72 = new Set([
  'command|getkeys', 'command|getkeysandflags', 'zrank', 'zrevrank', 'blpop', 'brpop', 'blmove', 'brpoplpush',
  'bzpopmin', 'bzpopmax', 'wait', 'cluster|slots', 'cluster|shards', 'acl|save', 'acl|deluser', 'acl|setuser',
  'client|setname', 'config|rewrite', 'config|resetstat', 'randomkey', 'scan', 'latency|reset', 'msetnx',
  // new in 7.2
  'waitaof', 'client|setinfo', 'client|no-touch', 'cluster|myshardid',
]);

let pair: Pair;
/** Full names Cinder registers (commands and subcommands). */
let registered: string[] = [];
/** Full names redis-server 7.0.15 has. */
let oracleNames = new Set<string>();

function decode(raw: string): ReplyValue {
  return decodeReply(raw, 0)[0];
}

/** Sets -> arrays (order kept), maps -> objects. */
function plain(x: ReplyValue): unknown {
  if (x instanceof Set) return [...x].map(plain);
  if (x instanceof Map) return Object.fromEntries([...x].map(([k, v]) => [String(k), plain(v)]));
  if (Array.isArray(x)) return x.map(plain);
  return x;
}

function isRegistered(argv: readonly string[]): boolean {
  const base = pair.cinder.server.commands.get(argv[0].toLowerCase());
  if (base === undefined) return false;
  if (base.subcommands === null || argv.length < 2) return true;
  return base.subcommands.has(argv[1].toLowerCase());
}

before(async () => {
  pair = await startPair();
  const commands = pair.cinder.server.commands;
  for (const cmd of commands.values()) {
    registered.push(cmd.fullname);
    if (cmd.subcommands !== null) for (const s of cmd.subcommands.values()) registered.push(s.fullname);
  }
  const [[list]] = await pair.run([['COMMAND', 'LIST']]);
  oracleNames = new Set(plain(decode(list)) as string[]);
});

after(async () => {
  await pair.stop();
});

describe('COMMAND COUNT / LIST', () => {
  test('COUNT is the number of registered commands; LIST names them and their subcommands', async () => {
    for (const resp of [2, 3]) {
      const [, [count, list]] = await pair.run([['COMMAND', 'COUNT'], ['COMMAND', 'LIST']], resp);
      assert.equal(count, ':' + pair.cinder.server.commands.size + '\r\n');
      const names = plain(decode(list)) as string[];
      assert.ok(list.startsWith('*'), 'LIST is an array in RESP' + resp);
      assert.deepEqual([...names].sort(), [...registered].sort());
    }
  });

  test('FILTERBY PATTERN / ACLCAT / MODULE select what the oracle selects (among registered commands)', async () => {
    const filters: string[][] = [
      ['PATTERN', '*'], ['PATTERN', 'c*'], ['PATTERN', 'CONFIG|*'], ['PATTERN', '*|*'], ['PATTERN', 'get'], ['PATTERN', '[a-h]?t*'],
      ['PATTERN', 'nosuch'], ['pattern', 'S*'],
      ['ACLCAT', 'string'], ['ACLCAT', 'STRING'], ['aclcat', 'keyspace'], ['ACLCAT', 'write'], ['ACLCAT', 'read'],
      ['ACLCAT', 'fast'], ['ACLCAT', 'slow'], ['ACLCAT', 'admin'], ['ACLCAT', 'dangerous'], ['ACLCAT', 'connection'],
      ['ACLCAT', 'blocking'], ['ACLCAT', 'pubsub'], ['ACLCAT', '@string'], ['ACLCAT', 'nosuch'],
      ['MODULE', 'foo'], ['module', ''],
    ];
    for (const f of filters) {
      const [[o], [c]] = await pair.run([['COMMAND', 'LIST', 'FILTERBY', ...f]]);
      const got = new Set(plain(decode(c)) as string[]);
      const want = new Set(plain(decode(o)) as string[]);
      for (const n of got) assert.ok(registered.includes(n), n + ' is registered');
      for (const n of registered) {
        if (!oracleNames.has(n)) continue; // new in 7.2: nothing to compare with
        assert.equal(got.has(n), want.has(n), 'FILTERBY ' + f.join(' ') + ': ' + n);
      }
    }
  });

  test('LIST syntax errors', async () => {
    await pair.check([
      ['COMMAND', 'LIST', 'FILTERBY'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN'],
      ['COMMAND', 'LIST', 'FILTERBY', 'FOO', 'x'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'a', 'b'],
      ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'a', 'FILTERBY', 'PATTERN', 'b'],
      ['COMMAND', 'LIST', 'foo'],
      ['COMMAND', 'LIST', 'foo', 'bar', 'baz'],
      ['COMMAND', 'COUNT', 'x'],
      ['COMMAND', 'NOSUCH'],
      ['COMMAND', 'HELP', 'x'],
    ]);
  });
});

describe('COMMAND INFO', () => {
  test('every registered command: byte for byte as redis-server (RESP2 and RESP3)', async () => {
    const commands = pair.cinder.server.commands;
    let compared = 0;
    for (const name of registered) {
      if (!oracleNames.has(name) || CHANGED_IN_72.has(name)) continue;
      const top = commands.get(name.split('|')[0])!;
      if (!name.includes('|') && top.subcommands !== null) continue; // containers: next test
      for (const resp of [2, 3]) {
        const [[o], [c]] = await pair.run([['COMMAND', 'INFO', name]], resp);
        assert.equal(c, o, 'RESP' + resp + ' COMMAND INFO ' + name);
      }
      compared++;
    }
    assert.ok(compared > 0);
  });

  test('containers: same entry, subcommands limited to the registered ones', async () => {
    for (const cmd of pair.cinder.server.commands.values()) {
      if (cmd.subcommands === null || !oracleNames.has(cmd.name)) continue;
      for (const resp of [2, 3]) {
        const [[o], [c]] = await pair.run([['COMMAND', 'INFO', cmd.name]], resp);
        const [oe] = plain(decode(o)) as unknown[][];
        const [ce] = plain(decode(c)) as unknown[][];
        assert.deepEqual(ce.slice(0, 9), oe.slice(0, 9), 'RESP' + resp + ' ' + cmd.name);
        const mine = ce[9] as unknown[][];
        assert.deepEqual(mine.map((e) => e[0]).sort(), [...cmd.subcommands.values()].map((s) => s.fullname).sort());
        // Each subcommand entry is what COMMAND INFO container|sub gives.
        for (const e of mine) {
          const [, [one]] = await pair.run([['COMMAND', 'INFO', e[0] as string]], resp);
          assert.deepEqual((plain(decode(one)) as unknown[])[0], e);
        }
        // The empty subcommand list of a plain command is an empty set in RESP3.
        if (resp === 3) assert.ok(c.includes('~') || mine.length > 0);
      }
    }
  });

  test('unknown names give null entries; lookup is case-insensitive and strict on "|"', async () => {
    const names = ['nosuch', 'get|foo', '', 'GET', 'Get', 'get|', '|get', 'config|get|x', 'CONFIG|GET', 'config|', 'command|info', 'COMMAND|Info'];
    const usable = names.filter((n) => {
      const parts = n.split('|');
      return parts[0] === '' || !oracleNames.has(parts[0].toLowerCase()) || isRegistered(parts.filter((p) => p !== ''));
    });
    await pair.check([['COMMAND', 'INFO', ...usable], ['COMMAND', 'INFO', 'nosuch']]);
  });

  test('COMMAND (no arguments) and COMMAND INFO (no names) list every registered command', async () => {
    for (const resp of [2, 3]) {
      const [, [all, info]] = await pair.run([['COMMAND'], ['COMMAND', 'INFO']], resp);
      assert.equal(all, info);
      const entries = plain(decode(all)) as unknown[][];
      assert.equal(entries.length, pair.cinder.server.commands.size);
      assert.deepEqual(entries.map((e) => e[0]).sort(), [...pair.cinder.server.commands.keys()].sort());
      const [, [get]] = await pair.run([['COMMAND', 'INFO', 'get']], resp);
      assert.deepEqual(entries.find((e) => e[0] === 'get'), (plain(decode(get)) as unknown[])[0]);
    }
  });
});

describe('COMMAND DOCS', () => {
  test('FLUSHALL docs are the spec page (RESP3 map, RESP2 flat array)', async () => {
    if (!isRegistered(['flushall'])) return;
    const [, [r3]] = await pair.run([['COMMAND', 'DOCS', 'flushall']], 3);
    assert.ok(r3.startsWith('%1\r\n$8\r\nflushall\r\n%'), r3.slice(0, 40));
    const docs = plain(decode(r3)) as Record<string, Record<string, unknown>>;
    assert.deepEqual(docs, {
      flushall: {
        summary: 'Removes all keys from all databases.',
        since: '1.0.0',
        group: 'server',
        complexity: 'O(N) where N is the total number of keys in all databases',
        history: [
          ['4.0.0', 'Added the `ASYNC` flushing mode modifier.'],
          ['6.2.0', 'Added the `SYNC` flushing mode modifier.'],
        ],
        arguments: [
          {
            name: 'flush-type',
            type: 'oneof',
            flags: ['optional'],
            arguments: [
              { name: 'async', type: 'pure-token', display_text: 'async', token: 'ASYNC', since: '4.0.0' },
              { name: 'sync', type: 'pure-token', display_text: 'sync', token: 'SYNC', since: '6.2.0' },
            ],
          },
        ],
      },
    });
    // History is a set of arrays in RESP3, doc flags absent; RESP2 uses arrays throughout.
    assert.ok(r3.includes('$7\r\nhistory\r\n~2\r\n*2\r\n'));
    const [, [r2]] = await pair.run([['COMMAND', 'DOCS', 'flushall']], 2);
    assert.ok(r2.startsWith('*2\r\n$8\r\nflushall\r\n*'));
    assert.ok(!/[%~]/.test(r2.replace(/\$\d+\r\n[^\r]*\r\n/g, '')), 'no RESP3 types in RESP2');
  });

  test('same reply shape as redis-server for every registered command (field order and types)', async () => {
    // Summaries and complexities were reworded in 7.2, so values are checked against the
    // metadata (metadata.test.ts checks the data); the structure is checked against 7.0.
    const shape = (v: ReplyValue): unknown => {
      if (v instanceof Set) return { set: [...v].map(shape) };
      if (v instanceof Map) return { map: [...v].map(([k, x]) => [k, shape(x)]) };
      if (Array.isArray(v)) return v.map(shape);
      return typeof v;
    };
    const keysOf = (v: ReplyValue): string[] => (v instanceof Map ? [...v.keys()].map(String) : []);
    const commands = pair.cinder.server.commands;
    for (const resp of [2, 3]) {
      for (const cmd of commands.values()) {
        if (!oracleNames.has(cmd.name)) continue;
        const [[o], [c]] = await pair.run([['COMMAND', 'DOCS', cmd.name]], resp);
        const od = decode(o);
        const cd = decode(c);
        if (resp === 2) {
          assert.ok(Array.isArray(cd) && (cd as ReplyValue[])[0] === cmd.name, cmd.name);
          continue;
        }
        const ov = (od as Map<ReplyValue, ReplyValue>).get(cmd.name) as Map<ReplyValue, ReplyValue>;
        const cv = (cd as Map<ReplyValue, ReplyValue>).get(cmd.name) as Map<ReplyValue, ReplyValue>;
        assert.ok(cv instanceof Map, cmd.name);
        const m = getCommandMetadata(cmd.name)!;
        // Top-level fields: the same keys in the same order (7.2 adds/removes deprecation info).
        const expectKeys = keysOf(ov).filter(
          (k) =>
            k !== 'doc_flags' && k !== 'deprecated_since' && k !== 'replaced_by' && k !== 'subcommands' && k !== 'history' && k !== 'arguments' &&
            // 7.2's xread.json has no complexity (checked in the redis/redis source); 7.0 had one.
            !(cmd.name === 'xread' && k === 'complexity'),
        );
        const gotKeys = keysOf(cv).filter((k) => expectKeys.includes(k));
        assert.deepEqual(gotKeys, expectKeys, cmd.name);
        assert.equal(cv.get('summary'), m.docs.summary);
        assert.equal(cv.get('since'), m.docs.since);
        assert.equal(cv.get('group'), m.docs.group);
        const history = m.docs.history ?? [];
        if (history.length > 0) assert.deepEqual(shape(cv.get('history')!), { set: history.map(() => ['string', 'string']) });
        else assert.ok(!cv.has('history'));
        // Arguments: every argument map has its fields in Redis's order.
        const order = ['name', 'type', 'display_text', 'key_spec_index', 'token', 'summary', 'since', 'deprecated_since', 'flags', 'value', 'arguments'];
        const walk = (args: ReplyValue | undefined): void => {
          if (args === undefined) return;
          for (const a of args as Map<ReplyValue, ReplyValue>[]) {
            const ks = keysOf(a);
            assert.deepEqual(ks, order.filter((k) => ks.includes(k)), cmd.name + ' argument field order');
            if (a.has('flags')) assert.ok(a.get('flags') instanceof Set);
            walk(a.get('arguments'));
          }
        };
        walk(cv.get('arguments'));
        walk(ov.get('arguments'));
        // Subcommands: a map of the registered ones.
        if (cmd.subcommands !== null) {
          const subs = cv.get('subcommands') as Map<ReplyValue, ReplyValue>;
          assert.ok(subs instanceof Map);
          assert.deepEqual([...subs.keys()].sort(), [...cmd.subcommands.values()].map((s) => s.fullname).sort());
        } else {
          assert.ok(!cv.has('subcommands'));
        }
      }
    }
  });

  test('argument trees and docs fields render the metadata exactly', async () => {
    // metadata.test.ts compares the data itself with redis-server 7.0.15; here the reply
    // must carry every field of the metadata, in Redis's field order.
    const fromReply = (args: ReplyValue | undefined): unknown =>
      args === undefined
        ? undefined
        : (args as Map<ReplyValue, ReplyValue>[]).map((a) => [...a].map(([k, v]) => [k, k === 'arguments' ? fromReply(v) : plain(v)]));
    const fromMeta = (args: readonly CommandArg[] | undefined): unknown =>
      args === undefined
        ? undefined
        : args.map((a) => {
            const e: unknown[][] = [['name', a.name], ['type', a.type]];
            if (a.displayText !== undefined) e.push(['display_text', a.displayText]);
            if (a.keySpecIndex !== undefined) e.push(['key_spec_index', a.keySpecIndex]);
            if (a.token !== undefined) e.push(['token', a.token]);
            if (a.summary !== undefined) e.push(['summary', a.summary]);
            if (a.since !== undefined) e.push(['since', a.since]);
            if (a.deprecatedSince !== undefined) e.push(['deprecated_since', a.deprecatedSince]);
            if (a.flags !== undefined && a.flags.length > 0) e.push(['flags', [...a.flags]]);
            if (a.arguments !== undefined) e.push(['arguments', fromMeta(a.arguments)]);
            return e;
          });
    let compared = 0;
    for (const name of registered) {
      const m = getCommandMetadata(name)!;
      const [, [c]] = await pair.run([['COMMAND', 'DOCS', name]], 3);
      const cv = (decode(c) as Map<ReplyValue, ReplyValue>).get(name) as Map<ReplyValue, ReplyValue>;
      const d = m.docs;
      const want: unknown[][] = [];
      if (d.summary !== undefined) want.push(['summary', d.summary]);
      if (d.since !== undefined) want.push(['since', d.since]);
      want.push(['group', d.group]);
      if (d.complexity !== undefined) want.push(['complexity', d.complexity]);
      if (d.docFlags !== undefined && d.docFlags.length > 0) want.push(['doc_flags', [...d.docFlags]]);
      if (d.deprecatedSince !== undefined) want.push(['deprecated_since', d.deprecatedSince]);
      if (d.replacedBy !== undefined) want.push(['replaced_by', d.replacedBy]);
      if (d.history !== undefined && d.history.length > 0) want.push(['history', d.history.map((h) => [...h])]);
      if (d.arguments !== undefined && d.arguments.length > 0) want.push(['arguments', fromMeta(d.arguments)]);
      const got = [...cv].filter(([k]) => k !== 'subcommands').map(([k, v]) => [k, k === 'arguments' ? fromReply(v) : plain(v)]);
      assert.deepEqual(got, want, 'DOCS ' + name);
      compared++;
    }
    assert.ok(compared > 0);
  });

  test('unknown names are skipped; no names gives every registered command', async () => {
    for (const resp of [2, 3]) {
      const [[o1], [c1]] = await pair.run([['COMMAND', 'DOCS', 'nosuch', 'get|x', '']], resp);
      assert.equal(c1, o1);
      const [, [all]] = await pair.run([['COMMAND', 'DOCS']], resp);
      const v = decode(all);
      const names = resp === 3 ? [...(v as Map<ReplyValue, ReplyValue>).keys()] : (v as ReplyValue[]).filter((_, i) => i % 2 === 0);
      assert.deepEqual(names.map(String).sort(), [...pair.cinder.server.commands.keys()].sort());
    }
  });
});

// ---------------------------------------------------------------------------------------
// GETKEYS / GETKEYSANDFLAGS
// ---------------------------------------------------------------------------------------

/** Key-extraction cases covering every begin_search / find_keys kind and the native procs. */
const GETKEYS_CORPUS: string[][] = [
  ['GET', 'k'], ['SET', 'k', 'v'], ['SET', 'k', 'v', 'GET'], ['SET', 'k', 'v', 'NX', 'GET', 'EX', '10'], ['GETDEL', 'k'], ['GETEX', 'k', 'PERSIST'],
  ['MSET', 'a', '1', 'b', '2'], ['MSETNX', 'a', '1', 'b', '2'], ['MGET', 'a', 'b', 'c'], ['DEL', 'a', 'b'], ['UNLINK', 'a'], ['EXISTS', 'a', 'a'],
  ['RENAME', 'a', 'b'], ['RENAMENX', 'a', 'b'], ['COPY', 'a', 'b', 'DB', '1'], ['MOVE', 'a', '1'], ['LCS', 'a', 'b', 'LEN'],
  ['APPEND', 'k', 'v'], ['INCR', 'k'], ['SETRANGE', 'k', '0', 'v'], ['GETRANGE', 'k', '0', '1'], ['STRLEN', 'k'],
  ['BITOP', 'AND', 'd', 'a', 'b'], ['BITCOUNT', 'k'], ['BITPOS', 'k', '1'], ['SETBIT', 'k', '1', '1'],
  ['BITFIELD', 'k', 'GET', 'u8', '0'], ['BITFIELD', 'k', 'SET', 'u8', '0', '1'], ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '1'], ['BITFIELD_RO', 'k', 'GET', 'u8', '0'],
  ['LPUSH', 'l', 'a'], ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'], ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'], ['RPOPLPUSH', 'a', 'b'],
  ['BLPOP', 'a', 'b', '0'], ['BRPOP', 'a', '0'], ['LMPOP', '2', 'a', 'b', 'LEFT'], ['BLMPOP', '0', '2', 'a', 'b', 'LEFT', 'COUNT', '2'], ['LMPOP', '1', 'a', 'RIGHT'],
  ['HSET', 'h', 'f', 'v'], ['HGETALL', 'h'], ['SADD', 's', 'm'], ['SINTER', 'a', 'b'], ['SINTERSTORE', 'd', 'a', 'b'], ['SMOVE', 'a', 'b', 'm'],
  ['SINTERCARD', '2', 'a', 'b'], ['SINTERCARD', '2', 'a', 'b', 'LIMIT', '1'], ['SUNIONSTORE', 'd', 'a'], ['SDIFF', 'a'],
  ['ZADD', 'z', '1', 'm'], ['ZUNIONSTORE', 'd', '2', 'a', 'b'], ['ZINTERSTORE', 'd', '2', 'a', 'b', 'WEIGHTS', '1', '2'], ['ZDIFFSTORE', 'd', '1', 'a'],
  ['ZUNION', '2', 'a', 'b'], ['ZINTER', '1', 'a', 'WITHSCORES'], ['ZDIFF', '2', 'a', 'b'], ['ZINTERCARD', '2', 'a', 'b'], ['ZRANGESTORE', 'd', 's', '0', '1'],
  ['ZMPOP', '2', 'a', 'b', 'MIN'], ['BZMPOP', '0', '1', 'a', 'MAX'], ['BZPOPMIN', 'a', 'b', '0'], ['ZRANGE', 'z', '0', '1'],
  ['SORT', 'k'], ['SORT', 'k', 'STORE', 'd'], ['SORT', 'k', 'BY', 'x', 'STORE', 'd', 'LIMIT', '0', '1'], ['SORT', 'k', 'GET', '#', 'STORE', 'd', 'STORE', 'e'], ['SORT_RO', 'k', 'BY', 'x'],
  ['EVAL', 'return 1', '2', 'a', 'b', 'c'], ['EVAL', 'return 1', '0'], ['EVALSHA', 'abc', '1', 'a'], ['EVAL_RO', 'x', '1', 'a'], ['FCALL', 'f', '2', 'a', 'b'], ['FCALL_RO', 'f', '0'],
  ['XADD', 's', '*', 'f', 'v'], ['XREAD', 'STREAMS', 'a', 'b', '0', '0'], ['XREAD', 'COUNT', '1', 'STREAMS', 'a', '0'], ['XREADGROUP', 'GROUP', 'g', 'c', 'STREAMS', 'a', '>'],
  ['XGROUP', 'CREATE', 's', 'g', '$'], ['XINFO', 'STREAM', 's'], ['XRANGE', 's', '-', '+'],
  ['GEOADD', 'g', '1', '2', 'm'], ['GEORADIUS', 'g', '1', '2', '3', 'km'], ['GEORADIUS', 'g', '1', '2', '3', 'km', 'STORE', 'd'], ['GEORADIUS', 'g', '1', '2', '3', 'km', 'STOREDIST', 'd'],
  ['GEORADIUSBYMEMBER', 'g', 'm', '3', 'km', 'STORE', 'd'], ['GEOSEARCHSTORE', 'd', 's', 'FROMMEMBER', 'm', 'BYRADIUS', '1', 'km'],
  ['PFCOUNT', 'a', 'b'], ['PFMERGE', 'd', 'a', 'b'], ['PFADD', 'h', 'x'],
  ['MIGRATE', 'h', '1', 'k', '0', '10'], ['MIGRATE', 'h', '1', '', '0', '10', 'KEYS', 'a', 'b'], ['MIGRATE', 'h', '1', '', '0', '10', 'COPY', 'AUTH', 'p', 'KEYS', 'a'],
  ['OBJECT', 'ENCODING', 'k'], ['OBJECT', 'FREQ', 'k'], ['MEMORY', 'USAGE', 'k'], ['DEBUG', 'OBJECT', 'k'], ['TOUCH', 'a', 'b'], ['TYPE', 'k'], ['EXPIRE', 'k', '10'], ['TTL', 'k'],
  ['WATCH', 'a', 'b'], ['DUMP', 'k'], ['RESTORE', 'k', '0', 'x'], ['GETSET', 'k', 'v'], ['LPOS', 'l', 'a'], ['SMISMEMBER', 's', 'a', 'b'],
  // errors
  ['GET'], ['GET', 'a', 'b'], ['NOSUCH', 'a'], ['PING'], ['PING', 'x'], ['CONFIG', 'GET', 'x'], ['MSET', 'a'], ['EVAL', 'x', '3', 'a'],
  ['ZUNIONSTORE', 'd', '0', 'a'], ['LMPOP', '0', 'a', 'LEFT'], ['SINTERCARD', '5', 'a'], ['CLIENT', 'NOSUCH'], ['OBJECT'], ['SORT'],
];

describe('COMMAND GETKEYS / GETKEYSANDFLAGS', () => {
  test('errors', async () => {
    await pair.check([
      ['COMMAND', 'GETKEYS', 'nosuch', 'a'],
      ['COMMAND', 'GETKEYS', 'ping', 'x'],
      ['COMMAND', 'GETKEYS', 'get', 'a', 'b'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'nosuch', 'x'],
      ['COMMAND', 'GETKEYSANDFLAGS', 'get', 'a', 'b'],
    ]);
    // 7.2 made the arity -3 (COMMAND GETKEYS <cmd> alone reaches the arity check of <cmd>);
    // 7.0 rejects it with the arity error of COMMAND GETKEYS itself.
    const [[o], [c]] = await pair.run([['COMMAND', 'GETKEYS', 'get']]);
    assert.equal(o, "-ERR wrong number of arguments for 'command|getkeys' command\r\n");
    assert.equal(c, '-ERR Invalid number of arguments specified for command\r\n');
    const [, [c2, c3]] = await pair.run([['COMMAND', 'GETKEYS'], ['COMMAND', 'GETKEYSANDFLAGS']]);
    assert.equal(c2, "-ERR wrong number of arguments for 'command|getkeys' command\r\n");
    assert.equal(c3, "-ERR wrong number of arguments for 'command|getkeysandflags' command\r\n");
  });

  test('registered commands: byte for byte as redis-server', async () => {
    let n = 0;
    for (const argv of GETKEYS_CORPUS) {
      if (!isRegistered(argv) || argv.length < 2) continue; // a lone name: see 'errors'
      await pair.check([['COMMAND', 'GETKEYS', ...argv], ['COMMAND', 'GETKEYSANDFLAGS', ...argv]], { flush: false });
      n++;
    }
    assert.ok(n > 20, 'compared ' + n);
  });
});

describe('getKeysFromCommand (src/commands/keys.ts)', () => {
  test('matches redis-server COMMAND GETKEYSANDFLAGS for every corpus case, registered or not', async () => {
    const all = allCommandMetadata();
    for (const argv of GETKEYS_CORPUS) {
      const top = all[argv[0].toLowerCase()];
      if (top === undefined) continue;
      let meta: CommandMetadata | undefined = top;
      if (top.subcommands !== undefined && argv.length > 1) meta = all[top.name + '|' + argv[1].toLowerCase()];
      if (meta === undefined || !oracleNames.has(meta.name) || !doesCommandHaveKeys(meta)) continue;
      const argc = argv.length;
      if ((meta.arity > 0 && meta.arity !== argc) || argc < -meta.arity) continue;
      const [[o]] = await pair.run([['COMMAND', 'GETKEYSANDFLAGS', ...argv]]);
      const ov = decode(o);
      const keys = getKeysFromCommand(meta, argv);
      if (ov instanceof ReplyError) {
        assert.equal(keys.length, 0, argv.join(' '));
        assert.equal(ov.message, 'ERR Invalid arguments specified for command');
        continue;
      }
      const want = (ov as ReplyValue[][]).map((e) => [e[0], [...(e[1] as ReplyValue[])]]);
      assert.deepEqual(keys.map((k) => [argv[k.pos], [...k.flags]]), want, argv.join(' '));
    }
  });

  test('returnPartial / includeNotKeys', () => {
    const get = (n: string): CommandMetadata => getCommandMetadata(n)!;
    // A numkeys beyond argv invalidates the second spec: no keys, unless partial results are asked for.
    const bad = ['zunionstore', 'd', '5', 'a'];
    assert.deepEqual(getKeysFromCommand(get('zunionstore'), bad), []);
    assert.equal(getKeysUsingKeySpecs(get('zunionstore'), bad), null);
    assert.deepEqual(getKeysUsingKeySpecs(get('zunionstore'), bad, { returnPartial: true }), [{ pos: 1, flags: ['OW', 'update'] }]);
    // Shard channels are not_key specs: not keys, except for cluster slot checks.
    const sp = ['spublish', 'ch', 'msg'];
    assert.equal(doesCommandHaveKeys(get('spublish')), false);
    assert.deepEqual(getKeysFromCommand(get('spublish'), sp), []);
    // As Redis getKeysFromCommandWithSpecs: specs are used only by commands with a real key spec.
    assert.deepEqual(getKeysFromCommand(get('spublish'), sp, { includeNotKeys: true }), []);
    assert.deepEqual(getKeysUsingKeySpecs(get('spublish'), sp), []);
    assert.deepEqual(getKeysUsingKeySpecs(get('spublish'), sp, { includeNotKeys: true })!.map((k) => [k.pos, k.flags]), [[1, ['not_key']]]);
  });
});

test('COMMAND HELP is the 7.2 text', async () => {
  const [[o], [c]] = await pair.run([['COMMAND', 'HELP']]);
  // 7.2 ends the help with "Print this help." where 7.0.15 says "Prints this help."
  // (networking.c addReplyHelp); the COMMAND lines themselves did not change.
  assert.equal(c, o.replace('+    Prints this help.\r\n', '+    Print this help.\r\n'));
});
