/**
 * printf emulation (src/lua/lib/cformat.ts) and strtod (strtod.ts) against lua5.1, whose
 * string.format is glibc's printf and whose tonumber is glibc's strtod: many random and
 * hand-picked doubles (incl. exact ties, which glibc rounds to even) formatted with
 * %.14g, %.17g, %g, %.0f, %.1f, %.3f, %e, %.2e, %.0e, %a-free specs; expected values are
 * computed live by lua5.1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDouble, formatG, numberToString } from '../../src/lua/lib/cformat.js';
import { luaStr2Number, cStrtod } from '../../src/lua/lib/strtod.js';
import { haveLua51, runLua51 } from './lua51-oracle.js';

const skip = !haveLua51();

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sampleDoubles(): number[] {
  const r = rng(12345);
  const out: number[] = [0, 1, -1, 0.5, 1.5, 2.5, 3.5, -2.5, 0.125, 0.375, 1e15, 1e14, 123456789012345, 99999999999999, 1e16,
    2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, 1e21, 1e22, 1e23, 1e-7, 1e-5, 1e-4, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 5e-324, 2.2250738585072014e-308,
    1.7976931348623157e308, 0.05, 0.15, 0.25, 0.35, 1.005, 2.675, 1.45, 9.995, 99.5, 999.5, 0.0005, 1234.5, 12345.5, 1e100, 1e-100,
    1.00000000000005, 2.00000000000005, 9.99999999999995, 0.999999999999995, 1e14 + 0.5, 4503599627370497.5, 0.30000000000000004];
  for (let i = 0; i < 400; i++) {
    const e = Math.floor(r() * 80) - 40;
    out.push((r() < 0.5 ? -1 : 1) * r() * Math.pow(10, e));
  }
  for (let i = 0; i < 200; i++) {
    // values with few fractional bits: many exact ties for %.Nf / %.Ne
    const bits = Math.floor(r() * 12);
    out.push(Math.floor(r() * 100000) / 2 ** bits);
  }
  for (let i = 0; i < 100; i++) out.push(Math.floor(r() * 2 ** 53) * 2 ** Math.floor(r() * 60));
  return out;
}

const SPECS = ['%.14g', '%.17g', '%g', '%.0f', '%.1f', '%.3f', '%f', '%e', '%.2e', '%.0e', '%.15e', '%.16g', '%.1g', '%#.5g', '%+.10e', '%.20f'];

test('formatDouble matches glibc printf via lua5.1', { skip }, () => {
  const xs = sampleDoubles();
  const src = xs.map((x) => `io.write(${SPECS.map((s) => `string.format('${s}', ${numLit(x)})`).join(", '|', ")}, '\\n')`).join('\n');
  const lines = runLua51(src).split('\n');
  for (let i = 0; i < xs.length; i++) {
    const got = SPECS.map((s) => fmt(s, xs[i])).join('|');
    assert.equal(got, lines[i], `x = ${xs[i]}`);
  }
});

test('numberToString (%.14g) matches lua5.1 tostring', { skip }, () => {
  const xs = sampleDoubles();
  const src = xs.map((x) => `print(${numLit(x)})`).join('\n');
  const lines = runLua51(src).split('\n');
  for (let i = 0; i < xs.length; i++) assert.equal(numberToString(xs[i]), lines[i], `x = ${xs[i]}`);
  assert.equal(formatG(-0, 14), '-0');
  assert.equal(formatG(Infinity, 14), 'inf');
});

test('luaStr2Number / cStrtod match lua5.1 tonumber', { skip }, () => {
  const inputs = ['10', ' 10 ', '0x10', '0X1f', '1e5', '1E+5', '.5', '5.', '-.5', '+1', '- 1', '1e', '1e+', 'abc', '', ' ', '0x', '0x1p4',
    '0x1.8', 'inf', '-inf', 'INF', 'infinity', 'nan', 'NaN', '1 2', '1\t', '\n1', '0x10 ', '1.5e-3', '00012', '1_000', '0b101', '9007199254740993',
    '1e400', '-1e400', '4.9e-324', '2e-324', '0xffffffffffffffff', '-0x10', '  -0x1A  ', '0.1e1', '1.e1', '.e1', '1.2.3'];
  const src = inputs.map((s) => `print(tostring(tonumber(${JSON.stringify(s)})))`).join('\n');
  const lines = runLua51(src).split('\n');
  for (let i = 0; i < inputs.length; i++) {
    const v = luaStr2Number(inputs[i]);
    const got = v === undefined ? 'nil' : numberToString(v);
    // NaN sign is not observable portably in JS: compare nan case-insensitively of sign
    assert.equal(got.replace('-nan', 'nan'), lines[i].replace('-nan', 'nan'), `input ${JSON.stringify(inputs[i])}`);
  }
  assert.deepEqual(cStrtod('  12abc', 0), { value: 12, end: 4 });
  assert.deepEqual(cStrtod('0xzz', 0), { value: 0, end: 1 });
  assert.equal(cStrtod('x', 0).end, 0);
});

function numLit(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  return '(' + (x < 0 ? '-' + String(-x) : String(x)) + ')';
}

function fmt(spec: string, x: number): string {
  // parse "%[flags][width][.prec]conv"
  const m = /^%([-+ #0]*)(\d*)(?:\.(\d*))?([a-zA-Z])$/.exec(spec)!;
  let flags = 0;
  for (const c of m[1]) flags |= c === '-' ? 1 : c === '+' ? 2 : c === ' ' ? 4 : c === '#' ? 8 : 16;
  const width = m[2] ? Number(m[2]) : 0;
  const prec = m[3] === undefined ? -1 : Number(m[3] || '0');
  return formatDouble(m[4].charCodeAt(0), flags, width, prec, x);
}
