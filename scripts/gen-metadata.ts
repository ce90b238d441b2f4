/**
 * Generates src/commands/metadata/commands.json: the full Redis 7.2 command table metadata
 * (what COMMAND INFO and COMMAND DOCS report) for every command and subcommand.
 *
 * INPUT: the upstream Redis 7.2 `src/commands.def` (the file Redis generates from its
 * per-command JSON with utils/generate-command-code.py), saved locally. It is NOT part of
 * this repository and must not be committed; only the derived facts (the JSON) are. The
 * parser only needs the declarations (`commandHistory X[]`, `const char *X_Tips[]`,
 * `keySpec X[]`, `struct COMMAND_ARG X[]`, `struct COMMAND_STRUCT X[]`); comments,
 * `#ifdef` guards and `#define X NULL` lines may be present or stripped (a missing table
 * means NULL, as in the C source).
 *
 * Usage: npx tsx scripts/gen-metadata.ts /path/to/redis-7.2/src/commands.def
 *
 * The derivations Redis performs at startup are reproduced here, from Redis 7.2 server.c:
 * - `setImplicitACLCategories`: write -> @write, readonly (unless @scripting) -> @read,
 *   admin -> @admin @dangerous, pubsub -> @pubsub, fast -> @fast, blocking -> @blocking,
 *   and @slow when not @fast;
 * - `populateCommandLegacyRangeSpec`: the legacy first/last/step key range and the
 *   `movablekeys` flag;
 * - `addReplyCommandArgList`: every argument that is not `oneof`/`block` reports a
 *   display_text, defaulting to its name;
 * - the COMMAND INFO flag, ACL category, key-spec flag and group names and their order.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// ------------------------------------------------------------------------------------------
// Tokenizer / initializer parser for the subset of C used by commands.def
// ------------------------------------------------------------------------------------------

type Tok = { t: 'str' | 'num' | 'id' | 'p'; v: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    const ch = src[i];
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r') { i++; continue; }
    if (ch === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? n : e + 2; continue; }
    if (ch === '/' && src[i + 1] === '/') { const e = src.indexOf('\n', i); i = e < 0 ? n : e; continue; }
    if (ch === '#') { const e = src.indexOf('\n', i); i = e < 0 ? n : e; continue; }
    if (ch === '"') {
      let s = '';
      i++;
      while (i < n && src[i] !== '"') {
        if (src[i] === '\\') {
          const e = src[i + 1];
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
        } else s += src[i++];
      }
      i++;
      out.push({ t: 'str', v: s });
      continue;
    }
    if ((ch >= '0' && ch <= '9') || (ch === '-' && src[i + 1] >= '0' && src[i + 1] <= '9')) {
      let j = i + 1;
      while (j < n && src[j] >= '0' && src[j] <= '9') j++;
      out.push({ t: 'num', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(src[j])) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
      continue;
    }
    out.push({ t: 'p', v: ch });
    i++;
  }
  return out;
}

/** A parsed initializer value. */
type Val =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'ids'; v: string[] } // IDENT or IDENT|IDENT|...
  | { k: 'call'; fn: string; args: Val[] }
  | { k: 'list'; items: Val[] }
  | { k: 'desig'; path: string; v: Val };

class Parser {
  pos = 0;
  constructor(readonly toks: Tok[]) {}
  peek(o = 0): Tok | undefined { return this.toks[this.pos + o]; }
  next(): Tok { const t = this.toks[this.pos++]; if (t === undefined) throw new Error('unexpected end'); return t; }
  expect(v: string): void { const t = this.next(); if (t.v !== v) throw new Error(`expected ${v} got ${t.v} at ${this.pos}`); }

  value(): Val {
    const t = this.peek()!;
    if (t.t === 'p' && t.v === '{') return this.list();
    if (t.t === 'p' && t.v === '.') {
      let path = '';
      while (this.peek()!.v === '.') { this.next(); path += '.' + this.next().v; }
      this.expect('=');
      return { k: 'desig', path, v: this.value() };
    }
    this.next();
    if (t.t === 'str') {
      let s = t.v; // adjacent string literal concatenation
      while (this.peek()?.t === 'str') s += this.next().v;
      return { k: 'str', v: s };
    }
    if (t.t === 'num') return { k: 'num', v: Number(t.v) };
    if (t.t === 'id') {
      if (this.peek()?.v === '(') {
        this.next();
        const args: Val[] = [];
        while (this.peek()!.v !== ')') { args.push(this.value()); if (this.peek()!.v === ',') this.next(); }
        this.next();
        return { k: 'call', fn: t.v, args };
      }
      const ids = [t.v];
      while (this.peek()?.v === '|') { this.next(); ids.push(this.next().v); }
      return { k: 'ids', v: ids };
    }
    throw new Error('unexpected token ' + t.v + ' at ' + this.pos);
  }

  list(): Val {
    this.expect('{');
    const items: Val[] = [];
    while (this.peek()!.v !== '}') { items.push(this.value()); if (this.peek()!.v === ',') this.next(); }
    this.next();
    return { k: 'list', items };
  }
}

/** Finds every `<type> NAME[...] = { ... };` declaration. */
function parseDeclarations(src: string): Map<string, { kind: string; body: Val }> {
  const toks = tokenize(src);
  const decls = new Map<string, { kind: string; body: Val }>();
  const p = new Parser(toks);
  while (p.pos < toks.length) {
    const t = toks[p.pos];
    let kind: string | null = null;
    if (t.t === 'id' && t.v === 'commandHistory') kind = 'history';
    else if (t.t === 'id' && t.v === 'keySpec') kind = 'keyspecs';
    else if (t.t === 'id' && t.v === 'const' && toks[p.pos + 1]?.v === 'char' && toks[p.pos + 2]?.v === '*') kind = 'tips';
    else if (t.t === 'id' && t.v === 'struct' && toks[p.pos + 1]?.v === 'COMMAND_ARG') kind = 'args';
    else if (t.t === 'id' && t.v === 'struct' && toks[p.pos + 1]?.v === 'COMMAND_STRUCT') kind = 'cmds';
    if (kind === null) { p.pos++; continue; }
    // advance to the name: first identifier followed by '['
    while (!(toks[p.pos].t === 'id' && toks[p.pos + 1]?.v === '[')) p.pos++;
    const name = toks[p.pos].v;
    while (toks[p.pos].v !== '=') p.pos++;
    p.pos++;
    const body = p.value();
    decls.set(name, { kind, body });
  }
  return decls;
}

// ------------------------------------------------------------------------------------------
// Redis name tables (Redis 7.2 server.h / server.c)
// ------------------------------------------------------------------------------------------

/** CMD_* flags in bit order; `visible` are those COMMAND INFO prints (addReplyFlagsForCommand). */
const CMD_FLAGS: [string, string, boolean][] = [
  ['CMD_WRITE', 'write', true],
  ['CMD_READONLY', 'readonly', true],
  ['CMD_DENYOOM', 'denyoom', true],
  ['CMD_MODULE', 'module', true],
  ['CMD_ADMIN', 'admin', true],
  ['CMD_PUBSUB', 'pubsub', true],
  ['CMD_NOSCRIPT', 'noscript', true],
  ['CMD_BLOCKING', 'blocking', true],
  ['CMD_LOADING', 'loading', true],
  ['CMD_STALE', 'stale', true],
  ['CMD_SKIP_MONITOR', 'skip_monitor', true],
  ['CMD_SKIP_SLOWLOG', 'skip_slowlog', true],
  ['CMD_ASKING', 'asking', true],
  ['CMD_FAST', 'fast', true],
  ['CMD_NO_AUTH', 'no_auth', true],
  ['CMD_MAY_REPLICATE', 'may_replicate', false],
  ['CMD_SENTINEL', 'sentinel', false],
  ['CMD_ONLY_SENTINEL', 'only_sentinel', false],
  ['CMD_NO_MANDATORY_KEYS', 'no_mandatory_keys', true],
  ['CMD_PROTECTED', 'protected', false],
  ['CMD_MODULE_GETKEYS', 'module_getkeys', false],
  ['CMD_MODULE_NO_CLUSTER', 'module_no_cluster', false],
  ['CMD_NO_ASYNC_LOADING', 'no_async_loading', true],
  ['CMD_NO_MULTI', 'no_multi', true],
  ['CMD_MOVABLE_KEYS', 'movablekeys', true],
  ['CMD_ALLOW_BUSY', 'allow_busy', true],
  ['CMD_MODULE_GETCHANNELS', 'module_getchannels', false],
  ['CMD_TOUCHES_ARBITRARY_KEYS', 'touches_arbitrary_keys', false],
];

/** ACL categories in ACLCommandCategories order (the order COMMAND INFO prints them). */
const ACL_CATS = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting'];

const KEY_FLAGS: [string, string][] = [
  ['CMD_KEY_RO', 'RO'], ['CMD_KEY_RW', 'RW'], ['CMD_KEY_OW', 'OW'], ['CMD_KEY_RM', 'RM'],
  ['CMD_KEY_ACCESS', 'access'], ['CMD_KEY_UPDATE', 'update'], ['CMD_KEY_INSERT', 'insert'], ['CMD_KEY_DELETE', 'delete'],
  ['CMD_KEY_NOT_KEY', 'not_key'], ['CMD_KEY_INCOMPLETE', 'incomplete'], ['CMD_KEY_VARIABLE_FLAGS', 'variable_flags'],
];

const ARG_TYPES: Record<string, string> = {
  ARG_TYPE_STRING: 'string', ARG_TYPE_INTEGER: 'integer', ARG_TYPE_DOUBLE: 'double', ARG_TYPE_KEY: 'key',
  ARG_TYPE_PATTERN: 'pattern', ARG_TYPE_UNIX_TIME: 'unix-time', ARG_TYPE_PURE_TOKEN: 'pure-token',
  ARG_TYPE_ONEOF: 'oneof', ARG_TYPE_BLOCK: 'block',
};
const ARG_FLAGS: [string, string][] = [['CMD_ARG_OPTIONAL', 'optional'], ['CMD_ARG_MULTIPLE', 'multiple'], ['CMD_ARG_MULTIPLE_TOKEN', 'multiple_token']];

/** COMMAND_GROUP_* -> commandGroupStr(). */
const GROUPS: Record<string, string> = {
  COMMAND_GROUP_GENERIC: 'generic', COMMAND_GROUP_STRING: 'string', COMMAND_GROUP_LIST: 'list', COMMAND_GROUP_SET: 'set',
  COMMAND_GROUP_SORTED_SET: 'sorted-set', COMMAND_GROUP_HASH: 'hash', COMMAND_GROUP_PUBSUB: 'pubsub',
  COMMAND_GROUP_TRANSACTIONS: 'transactions', COMMAND_GROUP_CONNECTION: 'connection', COMMAND_GROUP_SERVER: 'server',
  COMMAND_GROUP_SCRIPTING: 'scripting', COMMAND_GROUP_HYPERLOGLOG: 'hyperloglog', COMMAND_GROUP_CLUSTER: 'cluster',
  COMMAND_GROUP_SENTINEL: 'sentinel', COMMAND_GROUP_GEO: 'geo', COMMAND_GROUP_STREAM: 'stream', COMMAND_GROUP_BITMAP: 'bitmap',
  COMMAND_GROUP_MODULE: 'module',
};

/**
 * Commands present in the transcribed source that are not part of upstream Redis 7.2 and
 * must be dropped (a local experiment command found in the copy the source was read from).
 */
const NOT_UPSTREAM = new Set(['pang']);

// ------------------------------------------------------------------------------------------
// Output shape (mirrors src/commands/metadata/index.ts)
// ------------------------------------------------------------------------------------------

interface OutArg {
  name: string;
  type: string;
  displayText?: string;
  keySpecIndex?: number;
  token?: string;
  summary?: string;
  since?: string;
  deprecatedSince?: string;
  flags?: string[];
  arguments?: OutArg[];
}
interface OutKeySpec {
  notes?: string;
  flags: string[];
  beginSearch: { type: 'index'; spec: { index: number } } | { type: 'keyword'; spec: { keyword: string; startfrom: number } } | { type: 'unknown'; spec: Record<string, never> };
  findKeys:
    | { type: 'range'; spec: { lastkey: number; keystep: number; limit: number } }
    | { type: 'keynum'; spec: { keynumidx: number; firstkey: number; keystep: number } }
    | { type: 'unknown'; spec: Record<string, never> };
}
interface OutCmd {
  name: string;
  container?: string;
  arity: number;
  flags: string[];
  infoFlags: string[];
  aclCategories: string[];
  firstKey: number;
  lastKey: number;
  keyStep: number;
  tips: string[];
  keySpecs: OutKeySpec[];
  getkeysProc?: string;
  docs: {
    summary?: string;
    since?: string;
    group: string;
    complexity?: string;
    docFlags?: string[];
    deprecatedSince?: string;
    replacedBy?: string;
    history?: [string, string][];
    arguments?: OutArg[];
  };
  subcommands?: string[];
}

// ------------------------------------------------------------------------------------------
// Conversion
// ------------------------------------------------------------------------------------------

function strOrNull(v: Val): string | undefined {
  if (v.k === 'str') return v.v;
  if (v.k === 'ids' && v.v.length === 1 && v.v[0] === 'NULL') return undefined;
  throw new Error('expected string or NULL: ' + JSON.stringify(v));
}
function num(v: Val): number {
  if (v.k === 'num') return v.v;
  throw new Error('expected number: ' + JSON.stringify(v));
}
function ids(v: Val): string[] {
  if (v.k === 'ids') return v.v;
  if (v.k === 'num' && v.v === 0) return [];
  throw new Error('expected identifiers: ' + JSON.stringify(v));
}
function refName(v: Val): string | null {
  const r = ids(v);
  return r.length === 1 && r[0] !== 'NULL' ? r[0] : null;
}

function main(): void {
  const input = process.argv[2];
  if (!input) throw new Error('usage: gen-metadata.ts <path to Redis 7.2 src/commands.def>');
  const decls = parseDeclarations(readFileSync(input, 'latin1'));
  const table = (name: string | null, kind: string): Val[] | null => {
    if (name === null) return null;
    const d = decls.get(name);
    if (d === undefined) return null; // "#define X NULL"
    if (d.kind !== kind) throw new Error(`${name}: expected ${kind}, got ${d.kind}`);
    return (d.body as { k: 'list'; items: Val[] }).items;
  };

  const convertArgs = (name: string | null): OutArg[] | undefined => {
    const items = table(name, 'args');
    if (items === null) return undefined;
    return items.map((it) => {
      const parts = (it as { k: 'list'; items: Val[] }).items;
      const mk = parts[0] as { k: 'call'; fn: string; args: Val[] };
      if (mk.fn !== 'MAKE_ARG') throw new Error('expected MAKE_ARG');
      const [aname, atype, ksi, token, summary, since, aflags, numsub, depSince] = mk.args;
      let subargs: string | null = null;
      let display: string | undefined;
      for (const d of parts.slice(1)) {
        if (d.k !== 'desig') throw new Error('bad arg designator');
        if (d.path === '.subargs') subargs = refName(d.v);
        else if (d.path === '.display_text') display = strOrNull(d.v);
        else throw new Error('unknown arg designator ' + d.path);
      }
      const type = ARG_TYPES[ids(atype)[0]];
      if (type === undefined) throw new Error('unknown arg type');
      const out: OutArg = { name: strOrNull(aname)!, type };
      const container = type === 'oneof' || type === 'block';
      if (!container) out.displayText = display ?? out.name;
      if (num(ksi) !== -1) out.keySpecIndex = num(ksi);
      const tok = strOrNull(token);
      if (tok !== undefined) out.token = tok;
      const sum = strOrNull(summary);
      if (sum !== undefined) out.summary = sum;
      const sn = strOrNull(since);
      if (sn !== undefined) out.since = sn;
      const ds = strOrNull(depSince);
      if (ds !== undefined) out.deprecatedSince = ds;
      const fl = ids(aflags).filter((f) => f !== 'CMD_ARG_NONE');
      if (fl.length > 0) out.flags = ARG_FLAGS.filter(([c]) => fl.includes(c)).map(([, n]) => n);
      if (container) {
        out.arguments = convertArgs(subargs) ?? [];
        if (out.arguments.length !== num(numsub)) throw new Error(`${out.name}: subarg count mismatch`);
      }
      return out;
    });
  };

  const convertKeySpecs = (name: string | null): OutKeySpec[] => {
    const items = table(name, 'keyspecs');
    if (items === null) return [];
    return items.map((it) => {
      const p = (it as { k: 'list'; items: Val[] }).items;
      const notes = strOrNull(p[0]);
      const kflags = ids(p[1]);
      const bsType = ids(p[2])[0];
      const bsVal = p[3];
      const fkType = ids(p[4])[0];
      const fkVal = p[5];
      const nums = (v: Val): number[] => ((v as { k: 'desig'; v: { k: 'list'; items: Val[] } }).v.items).map((x) => x.k === 'str' ? NaN : num(x));
      let beginSearch: OutKeySpec['beginSearch'];
      if (bsType === 'KSPEC_BS_INDEX') beginSearch = { type: 'index', spec: { index: nums(bsVal)[0] } };
      else if (bsType === 'KSPEC_BS_KEYWORD') {
        const l = (bsVal as { k: 'desig'; v: { k: 'list'; items: Val[] } }).v.items;
        beginSearch = { type: 'keyword', spec: { keyword: strOrNull(l[0])!, startfrom: num(l[1]) } };
      } else if (bsType === 'KSPEC_BS_UNKNOWN') beginSearch = { type: 'unknown', spec: {} };
      else throw new Error('bad bs type ' + bsType);
      let findKeys: OutKeySpec['findKeys'];
      if (fkType === 'KSPEC_FK_RANGE') { const [a, b, c] = nums(fkVal); findKeys = { type: 'range', spec: { lastkey: a, keystep: b, limit: c } }; }
      else if (fkType === 'KSPEC_FK_KEYNUM') { const [a, b, c] = nums(fkVal); findKeys = { type: 'keynum', spec: { keynumidx: a, firstkey: b, keystep: c } }; }
      else if (fkType === 'KSPEC_FK_UNKNOWN') findKeys = { type: 'unknown', spec: {} };
      else throw new Error('bad fk type ' + fkType);
      const kf = KEY_FLAGS.filter(([c]) => kflags.includes(c)).map(([, n]) => n);
      return { ...(notes !== undefined ? { notes } : {}), flags: kf, beginSearch, findKeys };
    });
  };

  const out: Record<string, OutCmd> = {};

  const convertCmds = (tableName: string, container: string | null): string[] => {
    const items = table(tableName, 'cmds');
    if (items === null) throw new Error('missing command table ' + tableName);
    const names: string[] = [];
    for (const it of items) {
      const parts = (it as { k: 'list'; items: Val[] }).items;
      if (parts.length === 1 && parts[0].k === 'num') continue; // {0} terminator
      const mk = parts[0] as { k: 'call'; fn: string; args: Val[] };
      if (mk.fn !== 'MAKE_CMD' || mk.args.length !== 21) throw new Error('bad MAKE_CMD ' + JSON.stringify(mk).slice(0, 200));
      const a = mk.args;
      const name = strOrNull(a[0])!;
      if (NOT_UPSTREAM.has(name)) continue;
      const fullname = container === null ? name : container + '|' + name;
      let argsRef: string | null = null;
      let subRef: string | null = null;
      for (const d of parts.slice(1)) {
        if (d.k !== 'desig') throw new Error('bad cmd designator');
        if (d.path === '.args') argsRef = refName(d.v);
        else if (d.path === '.subcommands') subRef = refName(d.v);
        else throw new Error('unknown cmd designator ' + d.path);
      }
      const flagIds = ids(a[15]);
      const aclIds = ids(a[16]);
      const keySpecs = convertKeySpecs(refName(a[17]));
      if (keySpecs.length !== num(a[18])) throw new Error(fullname + ': key spec count mismatch');
      const getkeys = refName(a[19]);
      const history = table(refName(a[9]), 'history');
      if ((history?.length ?? 0) !== num(a[10])) throw new Error(fullname + ': history count mismatch');
      const tips = table(refName(a[11]), 'tips');
      if ((tips?.length ?? 0) !== num(a[12])) throw new Error(fullname + ': tips count mismatch');
      const args = convertArgs(argsRef);
      if ((args?.length ?? 0) !== num(a[20])) throw new Error(fullname + ': args count mismatch');

      // Flags (bit order), then the derived movablekeys flag (populateCommandLegacyRangeSpec).
      const flagSet = new Set<string>();
      for (const f of flagIds) {
        const e = CMD_FLAGS.find(([c]) => c === f);
        if (e === undefined) throw new Error(fullname + ': unknown flag ' + f);
        flagSet.add(e[1]);
      }
      const legacy = legacyRange(keySpecs);
      if (legacy.movable) flagSet.add('movablekeys');

      // ACL categories: explicit + implicit (setImplicitACLCategories).
      const cats = new Set<string>();
      for (const c of aclIds) {
        const m = /^ACL_CATEGORY_(\w+)$/.exec(c);
        if (m === null || !ACL_CATS.includes(m[1].toLowerCase())) throw new Error(fullname + ': bad acl category ' + c);
        cats.add(m[1].toLowerCase());
      }
      if (flagSet.has('write')) cats.add('write');
      if (flagSet.has('readonly') && !cats.has('scripting')) cats.add('read');
      if (flagSet.has('admin')) { cats.add('admin'); cats.add('dangerous'); }
      if (flagSet.has('pubsub')) cats.add('pubsub');
      if (flagSet.has('fast')) cats.add('fast');
      if (flagSet.has('blocking')) cats.add('blocking');
      if (!cats.has('fast')) cats.add('slow');

      const docFlagIds = ids(a[4]).filter((f) => f !== 'CMD_DOC_NONE');
      const docFlags = docFlagIds.map((f) => {
        if (f === 'CMD_DOC_DEPRECATED') return 'deprecated';
        if (f === 'CMD_DOC_SYSCMD') return 'syscmd';
        throw new Error('bad doc flag ' + f);
      });
      const group = GROUPS[ids(a[8])[0]];
      if (group === undefined) throw new Error(fullname + ': bad group');

      const cmd: OutCmd = {
        name: fullname,
        ...(container !== null ? { container } : {}),
        arity: num(a[14]),
        flags: CMD_FLAGS.filter(([, n]) => flagSet.has(n)).map(([, n]) => n),
        infoFlags: CMD_FLAGS.filter(([, n, vis]) => vis && flagSet.has(n)).map(([, n]) => n),
        aclCategories: ACL_CATS.filter((c) => cats.has(c)).map((c) => '@' + c),
        firstKey: legacy.first,
        lastKey: legacy.last,
        keyStep: legacy.step,
        tips: (tips ?? []).map((t) => strOrNull(t)!),
        keySpecs,
        ...(getkeys !== null ? { getkeysProc: getkeys } : {}),
        docs: { group: '' },
      };
      const summary = strOrNull(a[1]);
      const complexity = strOrNull(a[2]);
      const since = strOrNull(a[3]);
      const replacedBy = strOrNull(a[5]);
      const deprecatedSince = strOrNull(a[6]);
      const docs: OutCmd['docs'] = {} as OutCmd['docs'];
      cmd.docs = docs;
      if (summary !== undefined) docs.summary = summary;
      if (since !== undefined) docs.since = since;
      docs.group = group;
      if (complexity !== undefined) docs.complexity = complexity;
      if (docFlags.length > 0) docs.docFlags = docFlags;
      if (deprecatedSince !== undefined) docs.deprecatedSince = deprecatedSince;
      if (replacedBy !== undefined) docs.replacedBy = replacedBy;
      if (history !== null) docs.history = history.map((h) => { const l = (h as { k: 'list'; items: Val[] }).items; return [strOrNull(l[0])!, strOrNull(l[1])!]; });
      if (args !== undefined) docs.arguments = args;
      out[fullname] = cmd;
      names.push(fullname);
      if (subRef !== null) cmd.subcommands = convertCmds(subRef, name);
    }
    return names;
  };

  convertCmds('redisCommandTable', null);

  const here = dirname(fileURLToPath(import.meta.url));
  const dest = join(here, '..', 'src', 'commands', 'metadata', 'commands.json');
  writeFileSync(dest, JSON.stringify(out, null, 1) + '\n');
  const top = Object.values(out).filter((c) => c.container === undefined).length;
  process.stdout.write(`wrote ${dest}: ${Object.keys(out).length} entries, ${top} top-level commands\n`);
}

/**
 * Redis 7.2 `populateCommandLegacyRangeSpec`: the (first, last, step) key range COMMAND INFO
 * prints, and whether the command gets the `movablekeys` flag.
 */
function legacyRange(specs: OutKeySpec[]): { first: number; last: number; step: number; movable: boolean } {
  const none = { first: 0, last: 0, step: 0 };
  if (specs.length === 0) return { ...none, movable: false };
  const isIndexRange = (s: OutKeySpec) => s.beginSearch.type === 'index' && s.findKeys.type === 'range';
  const fmt = (pos: number, lastkey: number, step: number) => ({ first: pos, last: lastkey >= 0 ? lastkey + pos : lastkey, step });
  if (specs.length === 1 && isIndexRange(specs[0])) {
    const s = specs[0];
    const r = s.findKeys.spec as { lastkey: number; keystep: number };
    return { ...fmt((s.beginSearch.spec as { index: number }).index, r.lastkey, r.keystep), movable: s.flags.includes('incomplete') };
  }
  let movable = false;
  let firstkey = Infinity;
  let lastkey = 0; // compared as unsigned 32-bit, like the C code
  let prevLastkey = 0;
  for (const s of specs) {
    if (!isIndexRange(s)) { movable = true; continue; }
    const pos = (s.beginSearch.spec as { index: number }).index;
    const r = s.findKeys.spec as { lastkey: number; keystep: number };
    if (r.keystep !== 1 || (prevLastkey !== 0 && prevLastkey !== pos - 1)) { movable = true; continue; }
    if (s.flags.includes('incomplete')) movable = true;
    firstkey = Math.min(firstkey, pos);
    let abs = r.lastkey;
    if (abs >= 0) abs += pos;
    lastkey = (lastkey >>> 0) >= (abs >>> 0) ? lastkey : abs;
    prevLastkey = lastkey;
  }
  if (firstkey === Infinity) return { ...none, movable: true };
  const rel = lastkey < 0 ? lastkey : lastkey - firstkey;
  return { ...fmt(firstkey, rel, 1), movable };
}

main();
