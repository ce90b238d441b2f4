/**
 * Compiles the resolved AST (parser.ts) to register bytecode (opcodes.ts).
 *
 * Register layout follows Lua 5.1: active locals occupy registers 0..n-1 in
 * declaration order, temporaries are allocated above them. Locals captured by a
 * nested function live in a {@link Box} in their register (NEWBOX on
 * declaration, fresh per loop iteration), so no open-upvalue list is needed.
 */
import { LuaError, type LuaValue } from './value.js';
import { nearToken, type Expr, type FuncNode, type LocalDecl, type Stat } from './parser.js';
import * as O from './opcodes.js';

/** A compiled function prototype. */
export class Proto {
  code: Int32Array = new Int32Array(0);
  /** Source line per instruction. */
  lines: Int32Array = new Int32Array(0);
  k: LuaValue[] = [];
  protos: Proto[] = [];
  /** Upvalue descriptors: fromParentRegister (1) or fromParentUpvalue (0), then index. */
  upIn: Int32Array = new Int32Array(0);
  upIdx: Int32Array = new Int32Array(0);
  upNames: string[] = [];
  numParams = 0;
  isVararg = false;
  maxStack = 2;
  /** Chunk id for messages, e.g. `[string "..."]` or `user_script`. */
  source = '';
  /**
   * The raw chunk name, Lua's `Proto.source` as `debug.getinfo(f, 'S').source` reports it:
   * "@user_script", "=name", or a loadstring chunk's own source text.
   */
  chunkname = '';
  /**
   * Host glue written in Lua (the call trampoline, the scripting engine's pcall wrapper):
   * skipped when recording an error's raise point, as C functions are by debug.getinfo.
   */
  hidden = false;
  lineDefined = 0;
  /** Per-instruction operand descriptions for error messages ("global 'x'"). */
  dbg: (string[] | undefined)[] = [];
  /** Per-instruction inline cache: node slot of the last string-key lookup (GETGLOBAL, GETTABLE_K). */
  ic: Int32Array = new Int32Array(0);
}

const MAXREGS = 250;
const LFIELDS_PER_FLUSH = 50;

interface UpvalRef {
  decl: LocalDecl;
}

class FuncState {
  p = new Proto();
  code: number[] = [];
  lines: number[] = [];
  kmap = new Map<LuaValue, number>();
  freeReg = 0;
  nactive = 0;
  upvals: UpvalRef[] = [];
  upIn: number[] = [];
  upIdx: number[] = [];
  breakLists: number[][] = [];
  line = 0;
  constructor(public node: FuncNode, public parent: FuncState | null, public source: string) {}
}

const ARITH_OPS = new Set(['+', '-', '*', '/', '%', '^']);
const ARITH_OPCODE: Record<string, number> = {
  '+': O.OP_ADD, '-': O.OP_SUB, '*': O.OP_MUL, '/': O.OP_DIV, '%': O.OP_MOD, '^': O.OP_POW,
};

/** luaO_int2fb: size hint encoding of OP_NEWTABLE ("floating point byte"). */
function int2fb(x: number): number {
  let e = 0;
  while (x >= 16) {
    x = (x + 1) >>> 1;
    e++;
  }
  if (x < 8) return x;
  return ((e + 1) << 3) | (x - 8);
}

/** luaO_fb2int. */
function fb2int(x: number): number {
  const e = (x >>> 3) & 31;
  if (e === 0) return x;
  return ((x & 7) + 8) * Math.pow(2, e - 1);
}

/** Expressions that write their target register before reading all operands. */
function hazard(e: Expr): boolean {
  return e.k === 'And' || e.k === 'Or' || e.k === 'Table' || e.k === 'Call' || e.k === 'Method' || (e.k === 'Paren' && hazard(e.e));
}

function isMulti(e: Expr): boolean {
  return e.k === 'Call' || e.k === 'Method' || e.k === 'Vararg';
}

/** Description of an expression for error messages, like 5.1's getobjname. */
function describe(fs: FuncState, e: Expr): string {
  switch (e.k) {
    case 'Name':
      if (e.decl === null) return `global '${e.name}'`;
      if (e.decl.func === fs.node) return `local '${e.name}'`;
      return `upvalue '${e.name}'`;
    case 'Index':
      return e.key.k === 'Str' ? `field '${e.key.v}'` : `field '?'`;
    case 'Method':
      return '';
    case 'Paren':
      return describe(fs, e.e);
    default:
      return '';
  }
}

/** One compilation (a chunk and its nested functions). Use {@link compile}. */
export class Compiler {
  fs!: FuncState;
  /** "near" token of the list item being compiled (for limit errors). */
  near: string | undefined = undefined;

  constructor(public source: string, public errSource: string = source, public chunkname: string = source) {}

  error(msg: string): never {
    throw new LuaError(`${this.errSource}:${this.fs.line}: ${msg}`);
  }

  // ------------------------------------------------------------ emit helpers
  emit(op: number, a: number, b: number, c: number): number {
    const fs = this.fs;
    const idx = fs.code.length >> 2;
    fs.code.push(op, a, b, c);
    fs.lines.push(fs.line);
    return idx;
  }

  here(): number {
    return this.fs.code.length >> 2;
  }

  setDbg(idx: number, d: string[]): void {
    this.fs.p.dbg[idx] = d;
  }

  jump(): number {
    return this.emit(O.OP_JMP, 0, -1, 0);
  }

  patch(list: number[], target: number): void {
    const code = this.fs.code;
    for (const j of list) code[j * 4 + 2] = target * 4;
  }

  patchHere(list: number[]): void {
    this.patch(list, this.here());
  }

  reserve(n = 1): number {
    const fs = this.fs;
    const r = fs.freeReg;
    fs.freeReg += n;
    if (fs.freeReg >= MAXREGS) {
      this.error('function or expression too complex' + (this.near !== undefined ? ` near '${this.near}'` : ''));
    }
    if (fs.freeReg > fs.p.maxStack) fs.p.maxStack = fs.freeReg;
    return r;
  }

  constIdx(v: LuaValue): number {
    const fs = this.fs;
    let i = fs.kmap.get(v);
    if (i === undefined) {
      i = fs.p.k.length;
      fs.p.k.push(v);
      fs.kmap.set(v, i);
    }
    return i;
  }

  // ------------------------------------------------------------ functions
  compileMain(node: FuncNode): Proto {
    return this.compileFunc(node, null);
  }

  compileFunc(node: FuncNode, parent: FuncState | null): Proto {
    const fs = new FuncState(node, parent, this.source);
    const saved = this.fs;
    this.fs = fs;
    fs.line = node.line;
    const p = fs.p;
    p.source = this.source;
    p.chunkname = this.chunkname;
    p.lineDefined = node.line;
    p.numParams = node.params.length;
    p.isVararg = node.isVararg;
    for (const d of node.params) {
      d.reg = this.reserve();
      fs.nactive++;
    }
    if (node.argDecl !== undefined) {
      // 5.1 compat `arg` table, filled only when the body does not use `...`
      const r = this.reserve();
      node.argDecl.reg = r;
      fs.nactive++;
      if (node.usesVararg) this.emit(O.OP_LOADNIL, r, r, 0);
      else this.emit(O.OP_VARARGTABLE, r, 0, 0);
    }
    for (const d of node.params) {
      if (d.captured) this.emit(O.OP_NEWBOX, d.reg, 0, 0);
    }
    if (node.argDecl !== undefined && node.argDecl.captured) this.emit(O.OP_NEWBOX, node.argDecl.reg, 0, 0);
    this.block(node.body);
    fs.line = node.lastLine;
    this.emit(O.OP_RETURN, 0, 1, 0);
    p.code = Int32Array.from(fs.code);
    p.ic = new Int32Array(fs.code.length >> 2);
    p.lines = Int32Array.from(fs.lines);
    p.upIn = Int32Array.from(fs.upIn);
    p.upIdx = Int32Array.from(fs.upIdx);
    p.upNames = fs.upvals.map((u) => u.decl.name);
    if (p.maxStack < 2) p.maxStack = 2;
    this.fs = saved;
    return p;
  }

  /** Index of the upvalue for `decl` in function `fs`, creating it. */
  upvalIndex(fs: FuncState, decl: LocalDecl): number {
    for (let i = 0; i < fs.upvals.length; i++) if (fs.upvals[i].decl === decl) return i;
    if (fs.upvals.length >= 60) {
      this.error(`function at line ${fs.node.line} has more than 60 upvalues`);
    }
    const parent = fs.parent!;
    if (decl.func === parent.node) {
      fs.upIn.push(1);
      fs.upIdx.push(decl.reg);
    } else {
      fs.upIn.push(0);
      fs.upIdx.push(this.upvalIndex(parent, decl));
    }
    fs.upvals.push({ decl });
    return fs.upvals.length - 1;
  }

  // ------------------------------------------------------------ statements
  block(stats: Stat[]): void {
    const fs = this.fs;
    const saveReg = fs.freeReg;
    const saveActive = fs.nactive;
    for (const s of stats) {
      this.stat(s);
      fs.freeReg = fs.nactive;
    }
    fs.freeReg = saveReg;
    fs.nactive = saveActive;
  }

  activate(d: LocalDecl, reg: number): void {
    d.reg = reg;
    this.fs.nactive++;
  }

  stat(s: Stat): void {
    const fs = this.fs;
    switch (s.k) {
      case 'Local': {
        fs.line = s.line;
        const n = s.names.length;
        const base = fs.freeReg;
        this.explistToRegs(s.exprs, n);
        for (let i = 0; i < n; i++) this.activate(s.names[i], base + i);
        fs.freeReg = base + n;
        for (let i = 0; i < n; i++) if (s.names[i].captured) this.emit(O.OP_NEWBOX, base + i, 0, 0);
        return;
      }
      case 'LocalFunc': {
        fs.line = s.line;
        const r = this.reserve();
        this.activate(s.decl, r);
        if (s.decl.captured) {
          this.emit(O.OP_LOADNIL, r, r, 0);
          this.emit(O.OP_NEWBOX, r, 0, 0);
          const t = this.reserve();
          this.closure(s.f, t);
          this.emit(O.OP_SETBOX, r, t, 0);
        } else {
          this.closure(s.f, r);
        }
        return;
      }
      case 'Assign':
        fs.line = s.line;
        this.assign(s.targets, s.exprs);
        return;
      case 'CallStat': {
        fs.line = s.line;
        const base = this.reserve();
        this.callExpr(s.call, base, 0);
        return;
      }
      case 'Do':
        this.block(s.body);
        return;
      case 'While': {
        fs.line = s.line;
        const start = this.here();
        const jf = this.condJump(s.cond, false);
        fs.breakLists.push([]);
        this.block(s.body);
        this.patch([this.jump()], start);
        this.patchHere(jf);
        this.patchHere(fs.breakLists.pop()!);
        return;
      }
      case 'Repeat': {
        fs.line = s.line;
        const start = this.here();
        fs.breakLists.push([]);
        const saveReg = fs.freeReg;
        const saveActive = fs.nactive;
        for (const st of s.body) {
          this.stat(st);
          fs.freeReg = fs.nactive;
        }
        const jf = this.condJump(s.cond, false);
        this.patch(jf, start);
        fs.freeReg = saveReg;
        fs.nactive = saveActive;
        this.patchHere(fs.breakLists.pop()!);
        return;
      }
      case 'If': {
        fs.line = s.line;
        const ends: number[] = [];
        for (let i = 0; i < s.conds.length; i++) {
          const jf = this.condJump(s.conds[i], false);
          this.block(s.blocks[i]);
          if (i < s.conds.length - 1 || s.orelse !== null) ends.push(this.jump());
          this.patchHere(jf);
        }
        if (s.orelse !== null) this.block(s.orelse);
        this.patchHere(ends);
        return;
      }
      case 'NumFor': {
        fs.line = s.line;
        const base = fs.freeReg;
        this.exp2reg(s.start, this.reserve());
        this.exp2reg(s.limit, this.reserve());
        if (s.step !== null) this.exp2reg(s.step, this.reserve());
        else this.emit(O.OP_LOADK, this.reserve(), this.constIdx(1), 0);
        const prep = this.emit(O.OP_FORPREP, base, 0, 0);
        const saveActive = fs.nactive;
        fs.nactive = base + 3;
        const v = this.reserve();
        this.activate(s.v, v);
        const bodyStart = this.here();
        if (s.v.captured) this.emit(O.OP_NEWBOX, v, 0, 0);
        fs.breakLists.push([]);
        this.block(s.body);
        fs.line = s.line;
        const loop = this.emit(O.OP_FORLOOP, base, bodyStart * 4, 0);
        fs.code[prep * 4 + 2] = loop * 4;
        this.patchHere(fs.breakLists.pop()!);
        fs.nactive = saveActive;
        fs.freeReg = base;
        return;
      }
      case 'GenFor': {
        fs.line = s.line;
        const base = fs.freeReg;
        this.explistToRegs(s.exprs, 3);
        fs.freeReg = base + 3;
        const saveActive = fs.nactive;
        fs.nactive = base + 3;
        const nv = s.vars.length;
        this.reserve(nv);
        for (let i = 0; i < nv; i++) this.activate(s.vars[i], base + 3 + i);
        // TFORCALL copies the 3 control values above the vars' registers' start
        if (fs.p.maxStack < base + 6) fs.p.maxStack = base + 6;
        const j = this.jump();
        const bodyStart = this.here();
        for (let i = 0; i < nv; i++) if (s.vars[i].captured) this.emit(O.OP_NEWBOX, base + 3 + i, 0, 0);
        fs.breakLists.push([]);
        this.block(s.body);
        fs.line = s.line;
        this.patchHere([j]);
        const call = this.emit(O.OP_TFORCALL, base, 0, nv);
        this.setDbg(call, ['']);
        this.emit(O.OP_TFORLOOP, base, bodyStart * 4, 0);
        this.patchHere(fs.breakLists.pop()!);
        fs.nactive = saveActive;
        fs.freeReg = base;
        return;
      }
      case 'Return': {
        fs.line = s.line;
        const ex = s.exprs;
        if (ex.length === 1 && (ex[0].k === 'Call' || ex[0].k === 'Method')) {
          const base = this.reserve();
          this.callExpr(ex[0], base, -1, true);
          this.emit(O.OP_RETURN, base, 0, 0);
          return;
        }
        if (ex.length === 1 && !isMulti(ex[0])) {
          const r = this.exp2anyreg(ex[0]);
          this.emit(O.OP_RETURN, r, 2, 0);
          return;
        }
        const base = fs.freeReg;
        if (ex.length === 0) {
          this.emit(O.OP_RETURN, base, 1, 0);
          return;
        }
        const multi = this.explistToRegs(ex, -1);
        this.emit(O.OP_RETURN, base, multi ? 0 : ex.length + 1, 0);
        return;
      }
      case 'Break': {
        fs.line = s.line;
        const bl = fs.breakLists;
        if (bl.length === 0) this.error("no loop to break near 'break'");
        bl[bl.length - 1].push(this.jump());
        return;
      }
    }
  }

  /**
   * Evaluates `exprs` into consecutive registers starting at freeReg, adjusted to
   * `want` values (-1 = keep all, with a trailing multi-value expression left open:
   * returns true in that case, meaning the count is in `top`).
   */
  explistToRegs(exprs: Expr[], want: number): boolean {
    const fs = this.fs;
    const base = fs.freeReg;
    const n = exprs.length;
    if (n === 0) {
      if (want > 0) {
        const r = this.reserve(want);
        this.emit(O.OP_LOADNIL, r, r + want - 1, 0);
      }
      return false;
    }
    for (let i = 0; i < n; i++) {
      const e = exprs[i];
      const last = i === n - 1;
      if (last && isMulti(e)) {
        const need = want < 0 ? -1 : want - i;
        if (need === 0) {
          // evaluate for side effects only
          const r = this.reserve();
          this.multiExpr(e, r, 0);
          fs.freeReg = r;
          break;
        }
        const r = this.reserve();
        this.multiExpr(e, r, need);
        if (need > 0) fs.freeReg = r + need;
        if (fs.freeReg > fs.p.maxStack) fs.p.maxStack = fs.freeReg;
        return need < 0;
      }
      this.near = nearToken(e);
      const r = this.reserve();
      this.exp2reg(e, r);
    }
    if (want >= 0) {
      if (n < want) {
        const r = this.reserve(want - n);
        this.emit(O.OP_LOADNIL, r, base + want - 1, 0);
      } else if (n > want) {
        fs.freeReg = base + want;
      }
    }
    return false;
  }

  /** Compiles a multi-value expression into `reg` (== freeReg-1) with `nres` results (-1 = all). */
  multiExpr(e: Expr, reg: number, nres: number): void {
    if (e.k === 'Vararg') {
      this.emit(O.OP_VARARG, reg, nres + 1, 0);
      if (nres > 0 && reg + nres > this.fs.p.maxStack) this.fs.p.maxStack = reg + nres;
    } else {
      this.callExpr(e, reg, nres);
    }
  }

  assign(targets: Expr[], exprs: Expr[]): void {
    const fs = this.fs;
    if (targets.length === 1 && exprs.length === 1) {
      const t = targets[0];
      const e = exprs[0];
      if (t.k === 'Name') {
        if (t.decl !== null && t.decl.func === fs.node && !t.decl.captured) {
          if (hazard(e)) {
            const r = this.exp2anyreg(e);
            this.emit(O.OP_MOVE, t.decl.reg, r, 0);
          } else {
            this.exp2reg(e, t.decl.reg);
          }
          return;
        }
        const v = this.exp2RK(e);
        this.storeVar(t, v);
        return;
      }
      if (t.k === 'Index') {
        const obj = this.exp2anyreg(t.obj);
        const key = this.exp2RK(t.key);
        const v = this.exp2RK(e);
        this.storeIndex(t, obj, key, v);
        return;
      }
    }
    // general case: evaluate target prefixes, then values, then store right to left
    const objRegs: number[] = [];
    const keyRKs: number[] = [];
    const assigned = new Set<LocalDecl>();
    for (const t of targets) if (t.k === 'Name' && t.decl !== null) assigned.add(t.decl);
    const conflict = (x: Expr): boolean => x.k === 'Name' && x.decl !== null && assigned.has(x.decl);
    for (const t of targets) {
      if (t.k === 'Index') {
        if (conflict(t.obj)) {
          const r = this.reserve();
          this.exp2reg(t.obj, r);
          objRegs.push(r);
        } else objRegs.push(this.exp2anyreg(t.obj));
        if (conflict(t.key)) {
          const r = this.reserve();
          this.exp2reg(t.key, r);
          keyRKs.push(r);
        } else keyRKs.push(this.exp2RK(t.key));
      } else {
        objRegs.push(0);
        keyRKs.push(0);
      }
    }
    const base = fs.freeReg;
    this.explistToRegs(exprs, targets.length);
    fs.freeReg = base + targets.length;
    for (let i = targets.length - 1; i >= 0; i--) {
      const t = targets[i];
      if (t.k === 'Index') this.storeIndex(t, objRegs[i], keyRKs[i], base + i);
      else this.storeVar(t as Expr & { k: 'Name' }, base + i);
    }
  }

  storeIndex(t: Expr & { k: 'Index' }, obj: number, key: number, v: number): void {
    const saveLine = this.fs.line;
    this.fs.line = t.line > saveLine ? t.line : saveLine;
    let i: number;
    if (key < 0 && typeof this.fs.p.k[-1 - key] === 'string') i = this.emit(O.OP_SETTABLE_K, obj, -1 - key, v);
    else i = this.emit(O.OP_SETTABLE, obj, key, v);
    this.setDbg(i, [describe(this.fs, t.obj)]);
    this.fs.line = saveLine;
  }

  /** Stores RK value `v` into a Name target. */
  storeVar(t: Expr & { k: 'Name' }, v: number): void {
    const fs = this.fs;
    const d = t.decl;
    if (d === null) {
      const r = v < 0 ? this.toReg(v) : v;
      this.emit(O.OP_SETGLOBAL, r, this.constIdx(t.name), 0);
    } else if (d.func === fs.node) {
      if (d.captured) this.emit(O.OP_SETBOX, d.reg, v, 0);
      else if (v < 0) this.emit(O.OP_LOADK, d.reg, -1 - v, 0);
      else if (v !== d.reg) this.emit(O.OP_MOVE, d.reg, v, 0);
    } else {
      const r = v < 0 ? this.toReg(v) : v;
      this.emit(O.OP_SETUPVAL, r, this.upvalIndex(fs, d), 0);
    }
  }

  toReg(rk: number): number {
    const r = this.reserve();
    this.emit(O.OP_LOADK, r, -1 - rk, 0);
    return r;
  }

  closure(f: FuncNode, reg: number): void {
    const fs = this.fs;
    const p = this.compileFunc(f, fs);
    fs.p.protos.push(p);
    this.emit(O.OP_CLOSURE, reg, fs.p.protos.length - 1, 0);
  }

  // ------------------------------------------------------------ expressions

  /** Puts the value of `e` in some register and returns it (temps allocated at freeReg). */
  exp2anyreg(e: Expr): number {
    if (e.k === 'Name' && e.decl !== null && e.decl.func === this.fs.node && !e.decl.captured) return e.decl.reg;
    const r = this.reserve();
    this.exp2reg(e, r);
    return r;
  }

  /** RK operand for `e`: constant index (negative) or register. */
  exp2RK(e: Expr): number {
    switch (e.k) {
      case 'Num': return -1 - this.constIdx(e.v);
      case 'Str': return -1 - this.constIdx(e.v);
      case 'Nil': return -1 - this.constIdx(undefined);
      case 'True': return -1 - this.constIdx(true);
      case 'False': return -1 - this.constIdx(false);
      default: return this.exp2anyreg(e);
    }
  }

  /** Compiles `e` (one value) into register `reg`. Temps above freeReg are released after. */
  exp2reg(e: Expr, reg: number): void {
    const fs = this.fs;
    const save = fs.freeReg;
    switch (e.k) {
      case 'Nil': this.emit(O.OP_LOADNIL, reg, reg, 0); break;
      case 'True': this.emit(O.OP_LOADBOOL, reg, 1, 0); break;
      case 'False': this.emit(O.OP_LOADBOOL, reg, 0, 0); break;
      case 'Num': case 'Str': this.emit(O.OP_LOADK, reg, this.constIdx(e.v), 0); break;
      case 'Vararg': this.emit(O.OP_VARARG, reg, 2, 0); break;
      case 'Func': this.closure(e.f, reg); break;
      case 'Paren': this.exp2reg(e.e, reg); break;
      case 'Name': {
        const d = e.decl;
        if (d === null) this.emit(O.OP_GETGLOBAL, reg, this.constIdx(e.name), 0);
        else if (d.func === fs.node) {
          if (d.captured) this.emit(O.OP_GETBOX, reg, d.reg, 0);
          else if (d.reg !== reg) this.emit(O.OP_MOVE, reg, d.reg, 0);
        } else this.emit(O.OP_GETUPVAL, reg, this.upvalIndex(fs, d), 0);
        break;
      }
      case 'Index': {
        const obj = this.exp2anyreg(e.obj);
        const key = this.exp2RK(e.key);
        const saveLine = fs.line;
        if (e.line > fs.line) fs.line = e.line;
        let i: number;
        if (key < 0 && typeof fs.p.k[-1 - key] === 'string') i = this.emit(O.OP_GETTABLE_K, reg, obj, -1 - key);
        else i = this.emit(O.OP_GETTABLE, reg, obj, key);
        fs.line = saveLine;
        this.setDbg(i, [describe(fs, e.obj)]);
        break;
      }
      case 'Call': case 'Method': {
        if (reg === fs.freeReg - 1) {
          this.callExpr(e, reg, 1);
        } else {
          const base = this.reserve();
          this.callExpr(e, base, 1);
          this.emit(O.OP_MOVE, reg, base, 0);
        }
        break;
      }
      case 'Table': this.table(e, reg); break;
      case 'And': case 'Or': {
        this.exp2reg(e.a, reg);
        this.emit(O.OP_TEST, reg, 0, e.k === 'And' ? 0 : 1);
        const j = this.jump();
        this.exp2reg(e.b, reg);
        this.patchHere([j]);
        break;
      }
      case 'Un': {
        if (e.op === 'not') {
          const b = this.exp2anyreg(e.a);
          this.emit(O.OP_NOT, reg, b, 0);
        } else {
          const b = this.exp2anyreg(e.a);
          const saveLine = fs.line;
          if (e.line > fs.line) fs.line = e.line;
          const i = this.emit(e.op === '-' ? O.OP_UNM : O.OP_LEN, reg, b, 0);
          fs.line = saveLine;
          this.setDbg(i, [describe(fs, e.a)]);
        }
        break;
      }
      case 'Bin': this.binop(e, reg); break;
    }
    fs.freeReg = save;
  }

  binop(e: Expr & { k: 'Bin' }, reg: number): void {
    const fs = this.fs;
    const op = e.op;
    if (ARITH_OPS.has(op)) {
      // long left-associative chains (a + b + c + ...) are compiled iteratively so
      // their length is not limited by JS recursion (Lua 5.1 accepts them)
      let n = 0;
      let l: Expr = e;
      while (l.k === 'Bin' && ARITH_OPS.has(l.op)) { n++; l = l.a; }
      if (n > 64) {
        const spine: (Expr & { k: 'Bin' })[] = [];
        let x: Expr = e;
        while (x.k === 'Bin' && ARITH_OPS.has(x.op)) { spine.push(x); x = x.a; }
        const acc = this.reserve();
        this.exp2reg(x, acc);
        for (let i = spine.length - 1; i >= 0; i--) {
          const node = spine[i];
          const save = fs.freeReg;
          const c = this.exp2RK(node.b);
          const saveLine = fs.line;
          if (node.line > fs.line) fs.line = node.line;
          const ins = this.emit(ARITH_OPCODE[node.op], acc, acc, c);
          fs.line = saveLine;
          this.setDbg(ins, ['', describe(fs, node.b)]);
          fs.freeReg = save;
        }
        this.emit(O.OP_MOVE, reg, acc, 0);
        return;
      }
    }
    if (op === '..') {
      // flatten right-associative chain into consecutive registers
      const parts: Expr[] = [e.a];
      let r: Expr = e.b;
      while (r.k === 'Bin' && r.op === '..') {
        parts.push(r.a);
        r = r.b;
      }
      parts.push(r);
      const base = fs.freeReg;
      const names: string[] = [];
      for (const p of parts) {
        this.exp2reg(p, this.reserve());
        names.push(describe(fs, p));
      }
      const saveLine = fs.line;
      if (e.line > fs.line) fs.line = e.line;
      const i = this.emit(O.OP_CONCAT, reg, base, base + parts.length - 1);
      fs.line = saveLine;
      this.setDbg(i, names);
      return;
    }
    if (op === '==' || op === '~=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
      // value context: cmp; jmp T; false-skip; T: true
      const jt = this.condJump(e, true);
      this.emit(O.OP_LOADBOOL, reg, 0, 1);
      this.patchHere(jt);
      this.emit(O.OP_LOADBOOL, reg, 1, 0);
      return;
    }
    const b = this.exp2RK(e.a);
    const c = this.exp2RK(e.b);
    const saveLine = fs.line;
    if (e.line > fs.line) fs.line = e.line;
    let i: number;
    const cNum = c < 0 && typeof fs.p.k[-1 - c] === 'number';
    if (op === '+' && b >= 0 && cNum) i = this.emit(O.OP_ADD_RK, reg, b, -1 - c);
    else if (op === '-' && b >= 0 && cNum) i = this.emit(O.OP_SUB_RK, reg, b, -1 - c);
    else {
      const opc = op === '+' ? O.OP_ADD : op === '-' ? O.OP_SUB : op === '*' ? O.OP_MUL : op === '/' ? O.OP_DIV : op === '%' ? O.OP_MOD : O.OP_POW;
      i = this.emit(opc, reg, b, c);
    }
    fs.line = saveLine;
    this.setDbg(i, [describe(fs, e.a), describe(fs, e.b)]);
  }

  /**
   * Emits code that jumps when truthiness(e) === jumpWhen and falls through otherwise.
   * Returns the list of jump instructions to patch.
   */
  condJump(e: Expr, jumpWhen: boolean): number[] {
    const fs = this.fs;
    switch (e.k) {
      case 'Nil': case 'False':
        return jumpWhen ? [] : [this.jump()];
      case 'True': case 'Num': case 'Str': case 'Func': case 'Table':
        if (e.k === 'Func' || e.k === 'Table') break;
        return jumpWhen ? [this.jump()] : [];
      case 'Un':
        if (e.op === 'not') return this.condJump(e.a, !jumpWhen);
        break;
      case 'And': {
        if (!jumpWhen) return this.condJump(e.a, false).concat(this.condJump(e.b, false));
        const jf = this.condJump(e.a, false);
        const jt = this.condJump(e.b, true);
        this.patchHere(jf);
        return jt;
      }
      case 'Or': {
        if (jumpWhen) return this.condJump(e.a, true).concat(this.condJump(e.b, true));
        const jt = this.condJump(e.a, true);
        const jf = this.condJump(e.b, false);
        this.patchHere(jt);
        return jf;
      }
      case 'Bin': {
        const op = e.op;
        if (op === '==' || op === '~=' || op === '<' || op === '<=' || op === '>' || op === '>=') {
          const save = fs.freeReg;
          let x = e.a, y = e.b;
          if (op === '>' || op === '>=') { x = e.b; y = e.a; }
          const b = this.exp2RK(x);
          const c = this.exp2RK(y);
          fs.freeReg = save;
          const saveLine = fs.line;
          if (e.line > fs.line) fs.line = e.line;
          let a = jumpWhen ? 1 : 0;
          if (op === '==' || op === '~=') {
            if (op === '~=') a = jumpWhen ? 0 : 1;
            if (b >= 0 && c < 0) this.emit(O.OP_EQ_RK, a, b, -1 - c);
            else if (c >= 0 && b < 0) this.emit(O.OP_EQ_RK, a, c, -1 - b);
            else this.emit(O.OP_EQ, a, b, c);
          } else {
            const le = op === '<=' || op === '>=';
            const bNum = b < 0 && typeof fs.p.k[-1 - b] === 'number';
            const cNum = c < 0 && typeof fs.p.k[-1 - c] === 'number';
            if (b >= 0 && cNum) this.emit(le ? O.OP_LE_RK : O.OP_LT_RK, a, b, -1 - c);
            else if (c >= 0 && bNum) this.emit(le ? O.OP_LE_KR : O.OP_LT_KR, a, -1 - b, c);
            else this.emit(le ? O.OP_LE : O.OP_LT, a, b, c);
          }
          fs.line = saveLine;
          return [this.jump()];
        }
        break;
      }
    }
    const save = fs.freeReg;
    const r = this.exp2anyreg(e);
    fs.freeReg = save;
    this.emit(O.OP_TEST, r, 0, jumpWhen ? 1 : 0);
    return [this.jump()];
  }

  table(e: Expr & { k: 'Table' }, reg: number): void {
    const fs = this.fs;
    let narr = 0, nhash = 0;
    for (const it of e.items) if (it.key === null) narr++; else nhash++;
    const lastItem = e.items[e.items.length - 1];
    if (lastItem !== undefined && lastItem.key === null && isMulti(lastItem.value)) narr--;
    narr = fb2int(int2fb(narr));
    nhash = fb2int(int2fb(nhash));
    // build at a fresh top register so list items can follow it
    const t = reg === fs.freeReg - 1 ? reg : this.reserve();
    const line = fs.line;
    this.emit(O.OP_NEWTABLE, t, narr, nhash);
    let pending = 0;
    let stored = 0;
    const items = e.items;
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      if (it.key === null) {
        const last = i === items.length - 1;
        if (last && isMulti(it.value)) {
          const r = this.reserve();
          this.multiExpr(it.value, r, -1);
          fs.line = line;
          this.emit(O.OP_SETLIST, t, 0, stored);
          fs.freeReg = t + 1;
          pending = 0;
          stored = -1;
          break;
        }
        this.near = nearToken(it.value);
        this.exp2reg(it.value, this.reserve());
        pending++;
        if (pending === LFIELDS_PER_FLUSH) {
          this.emit(O.OP_SETLIST, t, pending, stored);
          stored += pending;
          pending = 0;
          fs.freeReg = t + 1;
        }
      } else {
        const save = fs.freeReg;
        const k = this.exp2RK(it.key);
        const v = this.exp2RK(it.value);
        if (k < 0 && typeof fs.p.k[-1 - k] === 'string') this.emit(O.OP_SETTABLE_K, t, -1 - k, v);
        else {
          const i2 = this.emit(O.OP_SETTABLE, t, k, v);
          this.setDbg(i2, ['']);
        }
        fs.freeReg = save;
      }
    }
    if (pending > 0) {
      fs.line = line;
      this.emit(O.OP_SETLIST, t, pending, stored);
    }
    fs.freeReg = t + 1;
    if (t !== reg) this.emit(O.OP_MOVE, reg, t, 0);
  }

  /**
   * Compiles a call with the function at `base` (must be freeReg-1), leaving
   * `nres` results at base.. (-1 = all, to top). Leaves freeReg = base + 1.
   */
  callExpr(e: Expr, base: number, nres: number, tail = false): void {
    const fs = this.fs;
    let nargsFixed: number;
    let args: Expr[];
    let fnDesc: string;
    let line: number;
    if (e.k === 'Method') {
      line = e.line;
      const obj = this.exp2anyreg(e.obj);
      fs.freeReg = base + 1;
      this.reserve(); // self slot
      const ki = this.constIdx(e.name);
      const si = this.emit(O.OP_SELF, base, obj, -1 - ki);
      this.setDbg(si, [describe(fs, e.obj)]);
      args = e.args;
      nargsFixed = 1;
      fnDesc = `method '${e.name}'`;
    } else if (e.k === 'Call') {
      line = e.line;
      this.exp2reg(e.fn, base);
      args = e.args;
      nargsFixed = 0;
      fnDesc = describe(fs, e.fn);
    } else {
      throw new Error('not a call');
    }
    let open = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (i === args.length - 1 && isMulti(a)) {
        const r = this.reserve();
        this.multiExpr(a, r, -1);
        open = true;
      } else {
        this.near = nearToken(a);
        this.exp2reg(a, this.reserve());
      }
    }
    const nargs = nargsFixed + args.length;
    const saveLine = fs.line;
    fs.line = line;
    const ci = tail
      ? this.emit(O.OP_TAILCALL, base, open ? 0 : nargs + 1, 0)
      : this.emit(O.OP_CALL, base, open ? 0 : nargs + 1, nres + 1);
    fs.line = saveLine;
    this.setDbg(ci, [fnDesc]);
    fs.freeReg = base + 1;
    if (nres > 1 && base + nres > fs.p.maxStack) fs.p.maxStack = base + nres;
  }
}

/**
 * Compiles a parsed chunk. `source` is the chunk id used in runtime positions,
 * `errSource` the one used in compile errors, `chunkname` the raw name kept as
 * {@link Proto.chunkname}. Raises LuaError for limits.
 */
export function compile(node: FuncNode, source: string, errSource: string = source, chunkname: string = source): Proto {
  return new Compiler(source, errSource, chunkname).compileMain(node);
}
