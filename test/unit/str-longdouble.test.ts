/**
 * Unit tests of the x87 long double emulation used by INCRBYFLOAT (src/util/str-longdouble.ts).
 * Expected strings were produced by redis-server (INCRBYFLOAT on a missing key), or follow
 * from the format: 64-bit significands hold every integer below 2^64 exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLongDouble, addLongDouble, formatLongDoubleHuman, type LongDouble } from '../../src/util/str-longdouble.js';

const ZERO: LongDouble = { neg: false, inf: false, m: 0n, e: 0 };

/** What INCRBYFLOAT on a missing key replies for `s` (null for an error). */
function incrFromZero(s: string): string | null {
  const v = parseLongDouble(s);
  if (v === null) return null;
  const sum = addLongDouble(ZERO, v);
  if (sum === null || sum.inf) return null;
  return formatLongDoubleHuman(sum);
}

test('values observed on redis-server', () => {
  const cases: Array<[string, string | null]> = [
    ['0.000003814697265625', '0.00000381469726562'], // exact tie at the 18th digit: half-to-even
    ['0.000011444091796875', '0.00001144409179688'],
    ['0.1', '0.1'],
    ['-1e-20', '0'],
    ['0x1.8p3', '12'],
    ['5.0e3', '5000'],
    ['-0', '0'],
    ['1.', '1'],
    ['.5', '0.5'],
    ['+.5e+2', '50'],
    ['4e-4951', '0'],
    ['inf', null],
    ['infinity', null],
    ['-inf', null],
    ['nan', null],
    ['1e-5000', null],
    ['1.5e4932', null],
    ['1e', null],
    [' 1', null],
    ['0x', null],
  ];
  for (const [input, expected] of cases) assert.equal(incrFromZero(input), expected, input);
  assert.ok(incrFromZero('1e400')!.startsWith('100000000000000000002818806839475865145864534336290520386259106935396855340086298620393639948483241605220940539273176162'));
  assert.ok(incrFromZero('1.1e4932')!.startsWith('109999999999999999997437310752824181765903086927904340773498800181702414510651311250424750798933487852024830828136103947'));
});

test('integers below 2^64 are exact', () => {
  const samples = ['1', '255', '9007199254740993', '9223372036854775807', '18446744073709551615', '12345678901234567890'];
  for (const s of samples) {
    assert.equal(incrFromZero(s), s);
    assert.equal(incrFromZero('-' + s), '-' + s);
  }
  // 2^64 + 1 needs 65 bits: it rounds to 2^64 (ties-to-even on the dropped bit).
  assert.equal(incrFromZero('18446744073709551617'), '18446744073709551616');
});

test('addition rounds to a 64-bit significand; inf + -inf is NaN', () => {
  const a = parseLongDouble('9223372036854775808')!; // 2^63
  const one = parseLongDouble('1')!;
  assert.equal(formatLongDoubleHuman(addLongDouble(a, one)!), '9223372036854775809');
  const b = parseLongDouble('18446744073709551615')!; // 2^64 - 1
  assert.equal(formatLongDoubleHuman(addLongDouble(b, one)!), '18446744073709551616');
  const inf = parseLongDouble('inf')!;
  const ninf = parseLongDouble('-inf')!;
  assert.equal(addLongDouble(inf, ninf), null);
  assert.equal(addLongDouble(inf, one)!.inf, true);
  const x = parseLongDouble('1.5')!;
  const y = parseLongDouble('-1.5')!;
  assert.equal(formatLongDoubleHuman(addLongDouble(x, y)!), '0');
});

test('parser rejects what strtold + string2ld reject', () => {
  for (const s of ['', '-', '+', '.', 'e5', '1e+', '0x.p1', '0xg', '1.2.3', 'infx', 'nan(1)', '1 ', '\t1', '0'.repeat(5119) + '1', '1e5000']) {
    assert.equal(parseLongDouble(s), null, JSON.stringify(s));
  }
  for (const s of ['0', '-0', '00', '0.0e10', '0x0', '1E5', 'INF', 'Infinity', '0XAp-2', '0x.8', '0'.repeat(5118) + '1']) {
    assert.notEqual(parseLongDouble(s), null, JSON.stringify(s));
  }
});
