/**
 * Lua 5.1 standard libraries owned by the core: base (incl. coroutine), table,
 * math (Redis's deterministic random), os.clock. Messages follow lua5.1.
 */
import {
  Coroutine, HostFunction, LuaClosure, LuaError, LuaUserdata,
  HOST_PCALL, HOST_RESUME, HOST_WRAP, HOST_XPCALL, HOST_YIELD,
  NEG_NAN, luaPow, numberToString, stringToNumber, toInt, typeName, type HostFn, type LuaValue,
} from './value.js';
import { LuaTable } from './table.js';
import type { LuaState } from './state.js';

function special(name: string, kind: number, data: Coroutine | null = null): HostFunction {
  return new HostFunction(name, () => { throw new LuaError(`${name}: must be called from Lua`); }, kind, data);
}

/** Opens base, coroutine, table, math and os(.clock) into L's globals. */
export function openStdlib(L: LuaState): void {
  openBase(L);
  openCoroutine(L);
  openTable(L);
  openMath(L);
  const os = L.newTable();
  L.register(os, {
    clock: (L2) => {
      const u = process.cpuUsage();
      L2.push((u.user + u.system) / 1e6);
      return 1;
    },
  });
  L.setGlobal('os', os);
}

// ===================================================================== base

function openBase(L: LuaState): void {
  const G = L.globals;
  G.set('_G', G);
  G.set('_VERSION', 'Lua 5.1');
  const nextFn = new HostFunction('next', (L2, b, n) => {
    const t = L2.checkTable(b, n, 0);
    const k = t.next(n > 1 ? L2.stack[b + 1] : undefined);
    if (k === undefined) {
      L2.push(undefined);
      return 1;
    }
    L2.push(k);
    L2.push(t.nextValue);
    return 2;
  });
  const ipairsIter = new HostFunction('ipairs_aux', (L2, b, n) => {
    const t = L2.checkTable(b, n, 0);
    const i = L2.checkInteger(b, n, 1) + 1;
    const v = t.getInt(i);
    if (v === undefined) return 0;
    L2.push(i);
    L2.push(v);
    return 2;
  });
  L.nextFn = nextFn;
  L.ipairsIter = ipairsIter;
  G.set('next', nextFn);
  G.set('pcall', special('pcall', HOST_PCALL));
  G.set('xpcall', special('xpcall', HOST_XPCALL));

  const fns: Record<string, HostFn> = {
    print: (L2, b, n) => {
      let s = '';
      for (let i = 0; i < n; i++) {
        if (i > 0) s += '\t';
        const part = L2.tostring(L2.stack[b + i]);
        // lua5.1 writes each piece with fputs: output stops at an embedded NUL
        const z = part.indexOf('\0');
        s += z >= 0 ? part.slice(0, z) : part;
      }
      L2.printFn(s);
      return 0;
    },
    assert: (L2, b, n) => {
      const v = L2.checkAny(b, n, 0);
      if (v === undefined || v === false) {
        L2.error(L2.optString(b, n, 1, 'assertion failed!'));
      }
      return n;
    },
    error: (L2, b, n) => {
      const level = L2.optInteger(b, n, 1, 1);
      let v = n > 0 ? L2.stack[b] : undefined;
      if (level > 0 && (typeof v === 'string' || typeof v === 'number')) {
        v = L2.where(level) + (typeof v === 'string' ? v : numberToString(v));
      }
      throw new LuaError(v);
    },
    type: (L2, b, n) => {
      L2.push(typeName(L2.checkAny(b, n, 0)));
      return 1;
    },
    tostring: (L2, b, n) => {
      L2.push(L2.tostring(L2.checkAny(b, n, 0)));
      return 1;
    },
    tonumber: (L2, b, n) => {
      const base = L2.optInteger(b, n, 1, 10);
      if (base === 10) {
        const v = L2.checkAny(b, n, 0);
        L2.push(typeof v === 'number' ? v : typeof v === 'string' ? stringToNumber(v) : undefined);
        return 1;
      }
      const s = L2.checkString(b, n, 0);
      if (!(base >= 2 && base <= 36)) L2.argError(1, 'base out of range');
      L2.push(strtoul(s, base));
      return 1;
    },
    ipairs: (L2, b, n) => {
      const t = L2.checkTable(b, n, 0);
      L2.push(ipairsIter);
      L2.push(t);
      L2.push(0);
      return 3;
    },
    pairs: (L2, b, n) => {
      const t = L2.checkTable(b, n, 0);
      L2.push(nextFn);
      L2.push(t);
      L2.push(undefined);
      return 3;
    },
    select: (L2, b, n) => {
      const sel = n > 0 ? L2.stack[b] : undefined;
      if (sel === '#') {
        L2.push(n - 1);
        return 1;
      }
      let i = L2.checkInteger(b, n, 0);
      if (i < 0) i = n + i;
      else if (i > n) i = n;
      if (i < 1) L2.argError(0, 'index out of range');
      const cnt = n - i;
      for (let j = 0; j < cnt; j++) L2.push(L2.stack[b + i + j]);
      return cnt;
    },
    unpack: (L2, b, n) => {
      const t = L2.checkTable(b, n, 0);
      const i = L2.optInteger(b, n, 1, 1);
      const e = n > 2 && L2.stack[b + 2] !== undefined ? L2.checkInteger(b, n, 2) : t.length();
      if (i > e) return 0;
      const cnt = e - i + 1;
      if (cnt <= 0 || cnt >= 8000) L2.error('too many results to unpack');
      L2.ensureStack(L2.top + cnt + 1);
      for (let j = i; j <= e; j++) L2.push(t.getInt(j));
      return cnt;
    },
    rawget: (L2, b, n) => {
      const t = L2.checkTable(b, n, 0);
      L2.push(t.get(L2.checkAny(b, n, 1)));
      return 1;
    },
    rawset: (L2, b, n) => {
      const t = L2.checkTable(b, n, 0);
      L2.checkAny(b, n, 1);
      L2.checkAny(b, n, 2);
      t.set(L2.stack[b + 1], L2.stack[b + 2]);
      L2.push(t);
      return 1;
    },
    rawequal: (L2, b, n) => {
      L2.checkAny(b, n, 0);
      L2.checkAny(b, n, 1);
      L2.push(L2.stack[b] === L2.stack[b + 1]);
      return 1;
    },
    getmetatable: (L2, b, n) => {
      const v = L2.checkAny(b, n, 0);
      const mt = L2.getMetatable(v);
      if (mt === null) {
        L2.push(undefined);
        return 1;
      }
      const prot = mt.getStr('__metatable');
      L2.push(prot !== undefined ? prot : mt);
      return 1;
    },
    setmetatable: (L2, b, n) => {
      const t = L2.checkTable(b, n, 0);
      const mt = n > 1 ? L2.stack[b + 1] : undefined;
      if (!(mt === undefined || mt instanceof LuaTable) || n < 2) L2.argError(1, 'nil or table expected');
      if (t.metatable !== null && t.metatable.getStr('__metatable') !== undefined) {
        L2.error('cannot change a protected metatable');
      }
      if (t.readonly) throw new LuaError('Attempt to modify a readonly table');
      t.metatable = mt instanceof LuaTable ? mt : null;
      L2.push(t);
      return 1;
    },
    loadstring: (L2, b, n) => {
      const s = L2.checkString(b, n, 0);
      const name = L2.optString(b, n, 1, s);
      try {
        const f = L2.load(s, name);
        L2.push(f);
        return 1;
      } catch (e) {
        if (!(e instanceof LuaError)) throw e;
        L2.push(undefined);
        L2.push(e.value);
        return 2;
      }
    },
    getfenv: (L2, b, n) => {
      const f = n > 0 ? L2.stack[b] : undefined;
      if (f instanceof LuaClosure) {
        L2.push(f.env);
        return 1;
      }
      if (f instanceof HostFunction) {
        L2.push(L2.globals);
        return 1;
      }
      const level = L2.optInteger(b, n, 0, 1);
      if (level < 0) L2.argError(0, 'level must be non-negative');
      if (level === 0) {
        L2.push(L2.globals);
        return 1;
      }
      const fr = L2.frameAt(level);
      if (fr === null) return L2.argError(0, 'invalid level');
      L2.push(fr === 'C' || fr.cl === null ? L2.globals : fr.cl.env);
      return 1;
    },
    setfenv: (L2, b, n) => {
      const t = n > 1 ? L2.stack[b + 1] : undefined;
      if (!(t instanceof LuaTable)) return L2.typeError(b, n, 1, 'table');
      let f = n > 0 ? L2.stack[b] : undefined;
      if (typeof f === 'number') {
        const level = toInt(f);
        if (level < 0) L2.argError(0, 'level must be non-negative');
        if (level === 0) {
          L2.globals = t;
          return 0;
        }
        const fr = L2.frameAt(level);
        if (fr === null) return L2.argError(0, 'invalid level');
        f = fr === 'C' || fr.cl === null ? undefined : fr.cl;
      } else if (!(f instanceof LuaClosure || f instanceof HostFunction)) {
        L2.typeError(b, n, 0, 'function');
      }
      if (!(f instanceof LuaClosure)) return L2.error("'setfenv' cannot change environment of given object");
      f.env = t;
      L2.push(f);
      return 1;
    },
    load: (L2, b, n) => {
      const reader = n > 0 ? L2.stack[b] : undefined;
      if (!(reader instanceof LuaClosure || reader instanceof HostFunction)) L2.typeError(b, n, 0, 'function');
      const name = L2.optString(b, n, 1, '=(load)');
      const parts: string[] = [];
      try {
        for (;;) {
          const piece = L2.call1(reader);
          if (piece === undefined) break;
          if (typeof piece !== 'string' && typeof piece !== 'number') throw new LuaError('reader function must return a string');
          const str = typeof piece === 'string' ? piece : numberToString(piece);
          if (str.length === 0) break;
          parts.push(str);
          L2.checkAlloc(str.length);
        }
        L2.push(L2.load(parts.join(''), name));
        return 1;
      } catch (e) {
        if (!(e instanceof LuaError)) throw e;
        L2.push(undefined);
        L2.push(e.value);
        return 2;
      }
    },
    gcinfo: (L2) => {
      L2.measureMemory();
      L2.push(Math.floor(L2.liveBytes / 1024));
      return 1;
    },
    collectgarbage: (L2, b, n) => {
      const opt = L2.optString(b, n, 0, 'collect');
      const opts = ['stop', 'restart', 'collect', 'count', 'step', 'setpause', 'setstepmul'];
      if (opts.indexOf(opt) < 0) L2.argError(0, `invalid option '${opt}'`);
      L2.optInteger(b, n, 1, 0);
      switch (opt) {
        case 'count':
          L2.measureMemory();
          L2.push(L2.liveBytes / 1024);
          return 1;
        case 'step':
          L2.push(false);
          return 1;
        case 'setpause': case 'setstepmul':
          L2.push(200);
          return 1;
        default:
          L2.measureMemory();
          L2.push(0);
          return 1;
      }
    },
  };
  L.register(G, fns);
}

/** strtoul(s, base) as used by tonumber with a base: whole string must be consumed. */
function strtoul(s: string, base: number): number | undefined {
  let i = 0;
  const n = s.length;
  const sp = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);
  while (i < n && sp(s.charCodeAt(i))) i++;
  let neg = false;
  if (i < n && (s[i] === '-' || s[i] === '+')) {
    neg = s[i] === '-';
    i++;
  }
  if (base === 16 && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X')) {
    const d = digitVal(s.charCodeAt(i + 2));
    if (d >= 0 && d < 16) i += 2;
  }
  const start = i;
  let v = 0;
  for (; i < n; i++) {
    const d = digitVal(s.charCodeAt(i));
    if (d < 0 || d >= base) break;
    v = v * base + d;
  }
  if (i === start) return undefined;
  while (i < n && sp(s.charCodeAt(i))) i++;
  if (i !== n) return undefined;
  if (v >= 18446744073709551616) v = 18446744073709551615;
  if (neg && v !== 0) v = 18446744073709551616 - v;
  return v;
}

function digitVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

// ===================================================================== coroutine

function openCoroutine(L: LuaState): void {
  const co = L.newTable();
  co.set('resume', special('resume', HOST_RESUME));
  co.set('yield', special('yield', HOST_YIELD));
  L.register(co, {
    create: (L2, b, n) => {
      const f = n > 0 ? L2.stack[b] : undefined;
      if (!(f instanceof LuaClosure)) L2.argError(0, 'Lua function expected');
      L2.checkAlloc(1024);
      L2.push(new Coroutine(f));
      return 1;
    },
    wrap: (L2, b, n) => {
      const f = n > 0 ? L2.stack[b] : undefined;
      if (!(f instanceof LuaClosure)) L2.argError(0, 'Lua function expected');
      L2.checkAlloc(1024);
      L2.push(special('wrap', HOST_WRAP, new Coroutine(f)));
      return 1;
    },
    status: (L2, b, n) => {
      const c = n > 0 ? L2.stack[b] : undefined;
      if (!(c instanceof Coroutine)) return L2.argError(0, 'coroutine expected');
      L2.push(c === L2.th ? 'running' : c.status);
      return 1;
    },
    running: (L2) => {
      L2.push(L2.th === L2.mainThread ? undefined : L2.th);
      return 1;
    },
  });
  L.setGlobal('coroutine', co);
}

// ===================================================================== table

function openTable(L: LuaState): void {
  const t = L.newTable();
  L.register(t, {
    insert: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      let e = tb.length() + 1;
      let pos = 0;
      if (n === 2) {
        pos = e;
      } else if (n === 3) {
        pos = L2.checkInteger(b, n, 1);
        if (pos > e) e = pos;
        for (let i = e; i > pos; i--) tb.setInt(i, tb.getInt(i - 1));
      } else {
        L2.error("wrong number of arguments to 'insert'");
      }
      tb.setInt(pos, L2.stack[b + n - 1]);
      return 0;
    },
    remove: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      const e = tb.length();
      let pos = L2.optInteger(b, n, 1, e);
      if (e === 0) return 0;
      L2.push(tb.getInt(pos));
      for (; pos < e; pos++) tb.setInt(pos, tb.getInt(pos + 1));
      tb.setInt(e, undefined);
      return 1;
    },
    concat: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      const sep = L2.optString(b, n, 1, '');
      const i = L2.optInteger(b, n, 2, 1);
      const last = n > 3 && L2.stack[b + 3] !== undefined ? L2.checkInteger(b, n, 3) : tb.length();
      const parts: string[] = [];
      let total = 0;
      for (let j = i; j <= last; j++) {
        const v = tb.getInt(j);
        if (typeof v === 'string') parts.push(v);
        else if (typeof v === 'number') parts.push(numberToString(v));
        else L2.error(`invalid value (${typeName(v)}) at index ${j} in table for 'concat'`);
        total += parts[parts.length - 1].length + sep.length;
        if (total > 1 << 20) L2.checkAlloc(0);
      }
      L2.checkAlloc(total + 24);
      L2.push(parts.join(sep));
      return 1;
    },
    sort: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      const len = tb.length();
      const cmp = n > 1 ? L2.stack[b + 1] : undefined;
      if (cmp !== undefined && !(cmp instanceof LuaClosure || cmp instanceof HostFunction)) {
        L2.typeError(b, n, 1, 'function');
      }
      if (len > 1) new Sorter(L2, tb, cmp).sort(1, len);
      return 0;
    },
    getn: (L2, b, n) => {
      L2.push(L2.checkTable(b, n, 0).length());
      return 1;
    },
    setn: (L2, b, n) => {
      L2.checkTable(b, n, 0);
      return L2.error("'setn' is obsolete");
    },
    maxn: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      let max = 0;
      for (let k = tb.next(undefined); k !== undefined; k = tb.next(k)) {
        if (typeof k === 'number' && k > max) max = k;
      }
      L2.push(max);
      return 1;
    },
    foreach: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      const f = n > 1 ? L2.stack[b + 1] : undefined;
      if (!(f instanceof LuaClosure || f instanceof HostFunction)) L2.typeError(b, n, 1, 'function');
      for (let k = tb.next(undefined); k !== undefined; k = tb.next(k)) {
        const r = L2.call1(f, k, tb.nextValue);
        if (r !== undefined) {
          L2.push(r);
          return 1;
        }
      }
      return 0;
    },
    foreachi: (L2, b, n) => {
      const tb = L2.checkTable(b, n, 0);
      const f = n > 1 ? L2.stack[b + 1] : undefined;
      if (!(f instanceof LuaClosure || f instanceof HostFunction)) L2.typeError(b, n, 1, 'function');
      const len = tb.length();
      for (let i = 1; i <= len; i++) {
        const r = L2.call1(f, i, tb.getInt(i));
        if (r !== undefined) {
          L2.push(r);
          return 1;
        }
      }
      return 0;
    },
  });
  L.setGlobal('table', t);
}

/** Lua 5.1's auxsort (same comparisons and swaps, so results match for ties). */
class Sorter {
  constructor(private L: LuaState, private t: LuaTable, private cmp: LuaValue) {}

  private get(i: number): LuaValue {
    const arr = this.t.ap;
    return i - 1 < arr.length ? arr[i - 1] : this.t.getInt(i);
  }

  private set(i: number, v: LuaValue): void {
    const arr = this.t.ap;
    if (i - 1 < arr.length - 1 && v !== undefined) arr[i - 1] = v;
    else this.t.setInt(i, v);
  }

  private lt(a: LuaValue, b: LuaValue): boolean {
    const c = this.cmp;
    if (c === undefined) {
      if (typeof a === 'number' && typeof b === 'number') return a < b;
      if (typeof a === 'string' && typeof b === 'string') return a < b;
      return this.L.lessThan(a, b);
    }
    const r = this.L.call1(c, a, b);
    return r !== undefined && r !== false;
  }

  private err(): never {
    this.L.ccallDirect = true;
    this.L.error('invalid order function for sorting');
  }

  sort(l: number, u: number): void {
    while (l < u) {
      let i: number, j: number;
      let al = this.get(l), au = this.get(u);
      if (this.lt(au, al)) { this.set(l, au); this.set(u, al); }
      if (u - l === 1) break;
      i = (l + u) >>> 1;
      let ai = this.get(i);
      al = this.get(l);
      if (this.lt(ai, al)) { this.set(i, al); this.set(l, ai); }
      else {
        au = this.get(u);
        if (this.lt(au, ai)) { this.set(i, au); this.set(u, ai); }
      }
      if (u - l === 2) break;
      const P = this.get(i);
      const au1 = this.get(u - 1);
      this.set(i, au1);
      this.set(u - 1, P);
      i = l;
      j = u - 1;
      for (;;) {
        let x: LuaValue;
        while (x = this.get(++i), this.lt(x, P)) {
          if (i > u) this.err();
        }
        let y: LuaValue;
        while (y = this.get(--j), this.lt(P, y)) {
          if (j < l) this.err();
        }
        if (j < i) break;
        this.set(i, y);
        this.set(j, x);
      }
      const a1 = this.get(u - 1), a2 = this.get(i);
      this.set(u - 1, a2);
      this.set(i, a1);
      if (i - l < u - i) {
        j = l; i = i - 1; l = i + 2;
      } else {
        j = i + 1; i = u; u = j - 2;
      }
      this.sort(j, i);
    }
  }
}

// ===================================================================== math

function openMath(L: LuaState): void {
  const m = L.newTable();
  const num = (L2: LuaState, b: number, n: number, i: number): number => L2.checkNumber(b, n, i);
  const f1 = (fn: (x: number) => number): HostFn => (L2, b, n) => {
    L2.push(fn(num(L2, b, n, 0)));
    return 1;
  };
  const fmod: HostFn = (L2, b, n) => {
    const x = num(L2, b, n, 0), y = num(L2, b, n, 1);
    const r = x % y;
    L2.push(r !== r && x === x && y === y ? NEG_NAN : r);
    return 1;
  };
  L.register(m, {
    abs: f1(Math.abs),
    ceil: f1(Math.ceil),
    floor: f1(Math.floor),
    sqrt: f1(Math.sqrt),
    sin: f1(Math.sin),
    cos: f1(Math.cos),
    tan: f1(Math.tan),
    asin: f1(Math.asin),
    acos: f1(Math.acos),
    atan: f1(Math.atan),
    sinh: f1(Math.sinh),
    cosh: f1(Math.cosh),
    tanh: f1(Math.tanh),
    exp: f1(Math.exp),
    log: f1((x) => (x < 0 ? NEG_NAN : Math.log(x))),
    log10: f1(Math.log10),
    deg: f1((x) => x * (180 / Math.PI)),
    rad: f1((x) => x * (Math.PI / 180)),
    atan2: (L2, b, n) => {
      L2.push(Math.atan2(num(L2, b, n, 0), num(L2, b, n, 1)));
      return 1;
    },
    pow: (L2, b, n) => {
      L2.push(luaPow(num(L2, b, n, 0), num(L2, b, n, 1)));
      return 1;
    },
    fmod,
    mod: fmod,
    modf: (L2, b, n) => {
      const x = num(L2, b, n, 0);
      const ip = x < 0 ? Math.ceil(x) : Math.floor(x);
      L2.push(ip);
      L2.push(x === Infinity || x === -Infinity ? 0 : x - ip);
      return 2;
    },
    frexp: (L2, b, n) => {
      const x = num(L2, b, n, 0);
      const [mm, e] = frexp(x);
      L2.push(mm);
      L2.push(e);
      return 2;
    },
    ldexp: (L2, b, n) => {
      const x = num(L2, b, n, 0);
      const e = L2.checkInteger(b, n, 1);
      L2.push(ldexp(x, e));
      return 1;
    },
    min: (L2, b, n) => {
      let r = num(L2, b, n, 0);
      for (let i = 1; i < n; i++) {
        const v = num(L2, b, n, i);
        if (v < r) r = v;
      }
      L2.push(r);
      return 1;
    },
    max: (L2, b, n) => {
      let r = num(L2, b, n, 0);
      for (let i = 1; i < n; i++) {
        const v = num(L2, b, n, i);
        if (v > r) r = v;
      }
      L2.push(r);
      return 1;
    },
    random: (L2, b, n) => {
      const r = (L2.lrand48() % 2147483647) / 2147483647;
      switch (n) {
        case 0:
          L2.push(r);
          break;
        case 1: {
          const u = L2.checkInteger(b, n, 0);
          if (!(1 <= u)) L2.argError(0, 'interval is empty');
          L2.push(Math.floor(r * u) + 1);
          break;
        }
        case 2: {
          const l = L2.checkInteger(b, n, 0);
          const u = L2.checkInteger(b, n, 1);
          if (!(l <= u)) L2.argError(1, 'interval is empty');
          L2.push(Math.floor(r * (u - l + 1)) + l);
          break;
        }
        default:
          L2.error('wrong number of arguments');
      }
      return 1;
    },
    randomseed: (L2, b, n) => {
      L2.seedRandom(L2.checkInteger(b, n, 0));
      return 0;
    },
  });
  m.set('pi', Math.PI);
  m.set('huge', Infinity);
  L.setGlobal('math', m);
}

/** C frexp: x = m * 2^e with 0.5 <= |m| < 1. */
export function frexp(x: number): [number, number] {
  if (x === 0 || x !== x || x === Infinity || x === -Infinity) return [x, 0];
  const ax = Math.abs(x);
  let e = Math.max(-1073, Math.floor(Math.log2(ax)) + 1);
  let m = ax * Math.pow(2, -e);
  while (m < 0.5) { m *= 2; e--; }
  while (m >= 1) { m /= 2; e++; }
  // handle subnormals where pow underflows
  if (!isFinite(m)) return [x, 0];
  return [x < 0 ? -m : m, e];
}

/** C ldexp with intermediate scaling to avoid spurious overflow/underflow. */
export function ldexp(x: number, e: number): number {
  if (e > 1023) {
    x *= Math.pow(2, 1023);
    e -= 1023;
    if (e > 1023) {
      x *= Math.pow(2, 1023);
      e -= 1023;
      if (e > 1023) e = 1023;
    }
  } else if (e < -1022) {
    x *= Math.pow(2, -1022);
    e += 1022;
    if (e < -1022) {
      x *= Math.pow(2, -1022);
      e += 1022;
      if (e < -1022) e = -1022;
    }
  }
  return x * Math.pow(2, e);
}

export { LuaUserdata };
