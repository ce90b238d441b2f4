/**
 * Differential tests of the pure string-library code (patterns, string.format) against
 * the real lua5.1: every case runs in lua5.1 (expected values are computed live) and in
 * our pure functions, and the serialized results must be identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MatchState, strFindAux, strGsub, ReplTemplate, gmatchStep } from '../../src/lua/lib/lpattern.js';
import { strFormat, type FormatArgs } from '../../src/lua/lib/strformat.js';
import { LibError } from '../../src/lua/lib/errors.js';
import { ByteBuffer } from '../../src/lua/lib/buffer.js';
import { numberToString } from '../../src/lua/lib/cformat.js';
import { luaStr2Number } from '../../src/lua/lib/strtod.js';
import { haveLua51, runLua51, runOurs, LUA_SER, serJs, serErr, normLine, luaLit } from './lua51-oracle.js';

const skip = !haveLua51();

type Case = { lua: string; js: () => unknown[] };

function jsRun(c: Case): string {
  try {
    return serJs(c.js());
  } catch (e) {
    if (e instanceof LibError) {
      if (e.argIndex > 0) return serErr(`bad argument #${e.argIndex} to '?' (${e.message})`);
      return serErr(e.message);
    }
    throw e;
  }
}

/** All cases ever checked, replayed through the engine by the last test. */
const allCases: Case[] = [];

function check(cases: Case[]): void {
  allCases.push(...cases);
  const src = LUA_SER + cases.map((c) => `run(${c.lua})`).join('\n') + '\n';
  const lines = runLua51(src).split('\n');
  for (let i = 0; i < cases.length; i++) {
    const exp = normLine(lines[i]);
    const got = normLine(jsRun(cases[i]));
    assert.equal(got, exp, `case ${i}: ${cases[i].lua}`);
  }
}

// ---- pure adapters mirroring the bindings ----

function find(s: string, p: string, init = 1, plain = false): unknown[] {
  const r = strFindAux(new MatchState(), s, p, init, plain, true);
  return r === null ? [undefined] : r;
}
function match(s: string, p: string, init = 1): unknown[] {
  const r = strFindAux(new MatchState(), s, p, init, false, false);
  return r === null ? [undefined] : r;
}
function gsubS(s: string, p: string, repl: string, n?: number): unknown[] {
  const out = new ByteBuffer();
  const k = strGsub(new MatchState(), s, p, new ReplTemplate(repl), n === undefined ? s.length + 1 : Math.trunc(n), out);
  return [k === 0 ? s : out.toString(), k];
}
function gmatchAll(s: string, p: string): unknown[] {
  const ms = new MatchState();
  const out: (string | number)[] = [];
  let pos = 0;
  const res: (string | number)[] = [];
  ms.init(s, p);
  ms.prepareFilter(0);
  for (;;) {
    out.length = 0;
    const next = gmatchStep(ms, pos, out);
    if (next < 0) break;
    // the Lua side keeps the first three values of each iteration
    for (let i = 0; i < Math.min(3, out.length); i++) res.push(out[i]);
    res.push('|'); // separator between iterations
    pos = next;
  }
  return res;
}

class ArrayArgs implements FormatArgs {
  constructor(private readonly a: unknown[]) {}
  get count(): number { return this.a.length + 1; }
  number(i: number): number {
    const v = this.a[i - 2];
    if (typeof v === 'number') return v;
    if (typeof v === 'string') { const n = luaStr2Number(v); if (n !== undefined) return n; }
    return this.argError(i, `number expected, got ${i - 1 > this.a.length ? 'no value' : typeof v === 'string' ? 'string' : v === undefined ? 'nil' : typeof v}`);
  }
  string(i: number): string {
    const v = this.a[i - 2];
    if (typeof v === 'string') return v;
    if (typeof v === 'number') return numberToString(v);
    return this.argError(i, `string expected, got ${i - 1 > this.a.length ? 'no value' : v === undefined ? 'nil' : typeof v === 'boolean' ? 'boolean' : 'table'}`);
  }
  argError(i: number, msg: string): never {
    throw new LibError(msg, i);
  }
}
function format(fmt: string, ...args: unknown[]): unknown[] {
  return [strFormat(fmt, new ArrayArgs(args))];
}

const L = luaLit;

function findCase(s: string, p: string, init?: number, plain?: boolean): Case {
  const extra = init === undefined ? '' : `, ${init}` + (plain === undefined ? '' : `, ${plain}`);
  return { lua: `string.find, ${L(s)}, ${L(p)}${extra}`, js: () => find(s, p, init ?? 1, plain ?? false) };
}
function matchCase(s: string, p: string, init?: number): Case {
  return { lua: `string.match, ${L(s)}, ${L(p)}${init === undefined ? '' : ', ' + init}`, js: () => match(s, p, init ?? 1) };
}
function gsubCase(s: string, p: string, r: string, n?: number): Case {
  return { lua: `string.gsub, ${L(s)}, ${L(p)}, ${L(r)}${n === undefined ? '' : ', ' + n}`, js: () => gsubS(s, p, r, n) };
}
function gmatchCase(s: string, p: string): Case {
  return {
    lua: `function() local t = {} for a, b, c in string.gmatch(${L(s)}, ${L(p)}) do t[#t+1] = a; if b then t[#t+1] = b end; if c then t[#t+1] = c end; t[#t+1] = '|' end return unpack(t) end`,
    js: () => gmatchAll(s, p),
  };
}
function fmtCase(fmt: string, ...args: unknown[]): Case {
  return { lua: `string.format, ${L(fmt)}${args.map((a) => ', ' + L(a)).join('')}`, js: () => format(fmt, ...args) };
}

test('patterns: find/match/gsub/gmatch against lua5.1', { skip }, () => {
  const subjects = ['hello world', '  key = value  ', 'THE (quick) fox', 'a,b,,c', 'f(a(b)c)d', '', 'x', '\0a\0', 'aaa', 'abc123def', 'The  end.', '\xfcber\xff\x80'];
  const patterns = [
    'o', 'l+', 'l*', 'l-', 'l?', '%a+', '%A+', '%d+', '%D', '%l+', '%u+', '%s+', '%S+', '%w+', '%W', '%p', '%P+', '%x+', '%c', '%z', '%Z+',
    '^h', '^%s*(.-)%s*$', '(%w+)=(%w+)', '%s*(%w+)%s*=%s*(%w+)', '()ll()', '(l)(l)', '(h)(e)(l)', '%bxy', '%b()', '%f[%w]%w+', '%f[%W]', '%f[%a]',
    '[aeiou]', '[^aeiou]+', '[a-f]+', '[%a_][%w_]*', '[]]', '[^]]+', '[a-]+', '[-a]', '[%]]', '.-', '.', '.+$', '$', '^$', '^', 'x*', '(a*(.)%w(%s*))',
    '(.)%1', '(%a)%1*', 'a.-b', '[%d%.]+', '%.', '%%', '[\0]', '%z+', '.-$', 'o()', '(o)', '((o))', '[^%s]+', '[%s%p]+', '[\x80-\xff]+', '%w-%d',
  ];
  const cases: Case[] = [];
  for (const s of subjects) {
    for (const p of patterns) {
      cases.push(findCase(s, p), matchCase(s, p), gsubCase(s, p, '<%0>'), gmatchCase(s, p));
    }
  }
  check(cases);
});

test('patterns: init positions, plain find, special cases and errors', { skip }, () => {
  const cases: Case[] = [
    findCase('hello', 'l', 4), findCase('hello', 'l', -2), findCase('hello', 'l', -100), findCase('hello', 'l', 100),
    findCase('hello', '', 10), findCase('hello', '', 6), findCase('hello', '', 0), findCase('a.b', '.', 1, true),
    findCase('a+b', '+', 1, true), findCase('a+b', 'a+', 1, true), findCase('a\0b', '\0b'), findCase('a\0*b', '\0*'),
    findCase('abc', 'b\0zzz'), matchCase('abc', 'b\0zzz'), findCase('ab', '[a\0]'), matchCase('hello', '(h)(e)', 2),
    matchCase('hello', '.', -1), matchCase('key=val', '(%w+)=(%w*)'), matchCase('  x', '^%s*()'),
    // errors
    findCase('abc', '%'), findCase('abc', '[a'), findCase('abc', '[a%'), findCase('abc', '[^'), findCase('abc', '(a'),
    findCase('abc', 'a)'), findCase('abc', '%1'), findCase('abc', '(a)%2'), findCase('abc', '(a%1)'), findCase('abc', '%b'),
    findCase('abc', '%ba'), findCase('abc', '%f'), findCase('abc', '%fa'), findCase('abc', '%0'), matchCase('abc', '(()'),
    matchCase('aaa', '()%1'), findCase('abc', '(((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))'),
    findCase('abc', '((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))'),
    gsubCase('abc', '%w', '%1'), gsubCase('abc', '%w', '%2'), gsubCase('abc', '(%w)', '%2'), gsubCase('abc', '(%w)', '%0%1%%'),
    gsubCase('abc', '', '-'), gsubCase('abc', '', '-', 2), gsubCase('abc', '^', '-'), gsubCase('abc', '^a', 'X'), gsubCase('aaa', 'a', 'b', 0),
    gsubCase('aaa', 'a', 'b', -1), gsubCase('aaa', 'a', 'b', 2.7), gsubCase('a', 'a', '%'), gsubCase('abc', 'b', '%x'),
    gsubCase('hello world', '(o)', '[%1]'), gsubCase('hello', '()', '%1'), gsubCase('abc', '.-', '#'), gsubCase('abc', 'x*', '-'),
    gsubCase('\0\0', '%z', 'Z'), gsubCase('one two', '(%w+) (%w+)', '%2 %1'),
  ];
  check(cases);
});

test('string.format against lua5.1', { skip }, () => {
  const nums = [0, 1, -1, 42, 3.14159, -2.5, 0.5, 1.5, 2.5, 1e15, 1e16, 123456789012345, 1e100, 1e-5, 1e-10, 0.1, 1 / 3, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64, 1e300, -1e300, 255, 65.9, -0.0, 5e-324, 1.7976931348623157e308, Infinity, -Infinity, 1.125, 0.125, 100, 99.5, 9.5, 0.05, 1e21, 1e22, 12345.678];
  const specs = ['%d', '%i', '%5d', '%-5d|', '%05d', '%+d', '% d', '%.3d', '%x', '%X', '%#x', '%o', '%#o', '%u', '%c', '%e', '%E', '%.0e', '%.3e', '%#.0e', '%f', '%.0f', '%.1f', '%.2f', '%10.3f', '%-10.2f|', '%+.1f', '%#.0f', '%g', '%G', '%.3g', '%.10g', '%.14g', '%.17g', '%#g', '%#.3g', '%010.4g', '%.0g', '%.20f', '%.30e', '%5.1s', '%s', '%q', '%99.99f', '%.99e'];
  const cases: Case[] = [];
  for (const sp of specs) for (const n of nums) cases.push(fmtCase(sp, n));
  cases.push(
    fmtCase('%s %s %s', 'a', 1, 2.5), fmtCase('%q', 'a\0b\r\n"\\\x01\xff'), fmtCase('%s', 'a\0b'), fmtCase('%5s|%-5s|', 'ab', 'cd'),
    fmtCase('%.2s', 'abcdef'), fmtCase('%s', 'x'.repeat(150)), fmtCase('%s', 'x'.repeat(99) + '\0y'), fmtCase('%s', 'x'.repeat(100) + '\0y'),
    fmtCase('%.200s', 'x'), fmtCase('%5c|%-5c|', 65, 66), fmtCase('%5c|', 0), fmtCase('%-5c|', 0), fmtCase('%c', 256 + 66), fmtCase('%05c', 65),
    fmtCase('%'), fmtCase('%y', 1), fmtCase('%123d', 1), fmtCase('%------d', 1), fmtCase('%-----d', 1), fmtCase('%d', 'x'), fmtCase('%d'),
    fmtCase('%d', '10'), fmtCase('%d', ' 0x10 '), fmtCase('%5.1f', '3.14159'), fmtCase('%s', true), fmtCase('%s'), fmtCase('%d %d', 1),
    fmtCase('%%'), fmtCase('100%% %s', 'sure'), fmtCase('%5%'), fmtCase('%ld', 1), fmtCase('%', 1), fmtCase('%.', 1), fmtCase('%1.', 1),
    fmtCase('%.3x', 10), fmtCase('%#.3x', 0), fmtCase('%.0d', 0), fmtCase('%#.0o', 0), fmtCase('%+5s', 'a'), fmtCase('%.0s|', 'abc'),
    fmtCase('abc'), fmtCase(''), fmtCase('%s\0%s', 'a', 'b'),
  );
  check(cases);
});

/** Deterministic PRNG (mulberry32). */
function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random pattern from Lua's pattern grammar (sometimes malformed on purpose). */
function randomPattern(r: () => number): string {
  const atoms = ['a', 'b', '.', '%a', '%d', '%s', '%w', '%p', '%A', '%S', '%x', '%u', '%l', '%c', '%z', '[ab]', '[^a]', '[a-c]', '[%d_]', '[]]', '[^%s]',
    '%.', '%%', '%b()', '%bab', '%f[%w]', '%f[%s]', '%1', '%2', 'x', '-', '^', '$', '\0', '[', '%', '(', ')', '()'];
  const quants = ['', '', '', '*', '+', '-', '?'];
  let p = r() < 0.2 ? '^' : '';
  const n = 1 + Math.floor(r() * 5);
  let open = 0;
  for (let i = 0; i < n; i++) {
    const x = r();
    if (x < 0.15) { p += '('; open++; continue; }
    if (x < 0.25 && open > 0) { p += ')'; open--; continue; }
    p += atoms[Math.floor(r() * atoms.length)] + quants[Math.floor(r() * quants.length)];
  }
  while (open > 0 && r() < 0.8) { p += ')'; open--; }
  if (r() < 0.1) p += '$';
  return p;
}

function randomSubject(r: () => number): string {
  const chars = 'aabbc x_1.(2)\0\t%A';
  let s = '';
  const n = Math.floor(r() * 12);
  for (let i = 0; i < n; i++) s += chars[Math.floor(r() * chars.length)];
  return s;
}

test('random patterns against lua5.1 (find, match, gsub, gmatch)', { skip }, () => {
  const r = rng(Number(process.env.PATTERN_SEED ?? 424242));
  const cases: Case[] = [];
  for (let i = 0; i < 1500; i++) {
    const p = randomPattern(r);
    const s = randomSubject(r);
    const init = r() < 0.3 ? Math.floor(r() * 10) - 4 : undefined;
    cases.push(findCase(s, p, init), matchCase(s, p, init), gsubCase(s, p, r() < 0.5 ? '<%0>' : '%1-'), gmatchCase(s, p));
  }
  check(cases);
});

test('random format specs against lua5.1', { skip }, () => {
  const r = rng(Number(process.env.FORMAT_SEED ?? 777));
  const convs = 'dioxXucfeEgGsq';
  const nums = [0, -0.0, 1, -1, 0.5, 2.5, -3.75, 1e10, 1e-10, 123.456, 1 / 3, 2 ** 31, -(2 ** 31), 2 ** 53, 1e300, Infinity, -Infinity, 255, 65, 97.9, 1e15, 99999.5];
  const cases: Case[] = [];
  for (let i = 0; i < 1500; i++) {
    let spec = '%';
    const nflags = Math.floor(r() * 3);
    for (let k = 0; k < nflags; k++) spec += '-+ #0'[Math.floor(r() * 5)];
    if (r() < 0.5) spec += String(Math.floor(r() * 25));
    if (r() < 0.5) spec += '.' + (r() < 0.2 ? '' : String(Math.floor(r() * 25)));
    const conv = convs[Math.floor(r() * convs.length)];
    spec += conv;
    const arg = conv === 's' || conv === 'q' ? (r() < 0.5 ? 'str' + i : nums[Math.floor(r() * nums.length)]) : nums[Math.floor(r() * nums.length)];
    cases.push(fmtCase('[' + spec + ']', arg));
  }
  check(cases);
});

test('the same cases through the engine (bindings, argument errors) match lua5.1', { skip }, async (t) => {
  const src = LUA_SER + allCases.map((c) => `run(${c.lua})`).join('\n') + '\n';
  assert.ok(allCases.length > 1000);
  const ours = await runOurs(src);
  if (ours === null) { t.skip('engine not available'); return; }
  const exp = runLua51(src).split('\n');
  const got = ours.split('\n');
  assert.ok(got.length > allCases.length);
  const bad: string[] = [];
  for (let i = 0; i < allCases.length; i++) {
    if (got[i] !== exp[i]) bad.push(`${allCases[i].lua}\n   lua5.1: ${exp[i]}\n   ours:   ${got[i]}`);
  }
  assert.equal(bad.length, 0, `${bad.length}/${allCases.length} differ:\n${bad.slice(0, 20).join('\n')}`);
});

