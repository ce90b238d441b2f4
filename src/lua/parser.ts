/**
 * Lua 5.1 lexer and parser producing a resolved AST (locals bound to declarations,
 * captured locals marked). Syntax errors are raised as LuaError with Lua 5.1's
 * messages, e.g. `[string "x = = 1"]:1: unexpected symbol near '='`.
 * Nesting is limited to 200 levels ("chunk has too many syntax levels") so deep
 * input never overflows the JS stack.
 */
import { LuaError, luaPow, stringToNumber } from './value.js';

// ---------------------------------------------------------------- AST types

/** A local variable declaration; `captured` when a nested function uses it. */
export interface LocalDecl {
  name: string;
  captured: boolean;
  /** Register, assigned by the compiler. */
  reg: number;
  func: FuncNode;
}

/** A function body (the main chunk is a vararg function). */
export interface FuncNode {
  params: LocalDecl[];
  isVararg: boolean;
  body: Stat[];
  line: number;
  lastLine: number;
  /** Whether the function is a method (implicit `self`). */
  hasSelf: boolean;
  /** LUA_COMPAT_VARARG: the implicit local `arg` of a `...` function (not the main chunk). */
  argDecl?: LocalDecl;
  /** Whether `...` appears in this function's own body. */
  usesVararg?: boolean;
}

/** Expression nodes; `line` fields are the lines used for runtime error positions. */
export type Expr =
  | { k: 'Nil' }
  | { k: 'True' }
  | { k: 'False' }
  | { k: 'Num'; v: number }
  | { k: 'Str'; v: string }
  | { k: 'Vararg' }
  | { k: 'Func'; f: FuncNode }
  | { k: 'Table'; items: TableItem[]; line: number }
  | { k: 'Bin'; op: string; a: Expr; b: Expr; line: number }
  | { k: 'Un'; op: string; a: Expr; line: number }
  | { k: 'And'; a: Expr; b: Expr }
  | { k: 'Or'; a: Expr; b: Expr }
  | { k: 'Name'; name: string; decl: LocalDecl | null }
  | { k: 'Index'; obj: Expr; key: Expr; line: number }
  | { k: 'Call'; fn: Expr; args: Expr[]; line: number }
  | { k: 'Method'; obj: Expr; name: string; args: Expr[]; line: number }
  | { k: 'Paren'; e: Expr };

/** Table constructor item: `key` null for positional items. */
export interface TableItem {
  key: Expr | null;
  value: Expr;
}

/** Statement nodes. */
export type Stat =
  | { k: 'Local'; names: LocalDecl[]; exprs: Expr[]; line: number }
  | { k: 'LocalFunc'; decl: LocalDecl; f: FuncNode; line: number }
  | { k: 'Assign'; targets: Expr[]; exprs: Expr[]; line: number }
  | { k: 'CallStat'; call: Expr; line: number }
  | { k: 'Do'; body: Stat[] }
  | { k: 'While'; cond: Expr; body: Stat[]; line: number }
  | { k: 'Repeat'; body: Stat[]; cond: Expr; line: number }
  | { k: 'If'; conds: Expr[]; blocks: Stat[][]; orelse: Stat[] | null; line: number }
  | { k: 'NumFor'; v: LocalDecl; start: Expr; limit: Expr; step: Expr | null; body: Stat[]; line: number }
  | { k: 'GenFor'; vars: LocalDecl[]; exprs: Expr[]; body: Stat[]; line: number }
  | { k: 'Return'; exprs: Expr[]; line: number }
  | { k: 'Break'; line: number };

/**
 * Token text current when an expression of a list was discharged by Lua 5.1's
 * one-pass compiler (the token after its separator); used for "near" in
 * "function or expression too complex" errors raised by our compiler.
 */
const nearTokens = new WeakMap<object, string>();

function setNear(e: Expr, tok: string): void {
  nearTokens.set(e, tok);
}

/** The "near" token recorded for a list item expression, if any. */
export function nearToken(e: Expr): string | undefined {
  return nearTokens.get(e);
}

// ---------------------------------------------------------------- chunk ids

/**
 * luaO_chunkid: formats a chunk name for messages. `idSize` is LUA_IDSIZE (60 in
 * stock Lua 5.1 and Redis; Debian's lua5.1 binary uses 80).
 */
export function chunkId(source: string, idSize = 60): string {
  const c = source.charCodeAt(0);
  if (c === 61 /* = */) return source.slice(1, idSize);
  if (c === 64 /* @ */) {
    const s = source.slice(1);
    const max = idSize - 8;
    return s.length > max ? '...' + s.slice(s.length - max) : s;
  }
  let len = 0;
  while (len < source.length) {
    const ch = source.charCodeAt(len);
    if (ch === 10 || ch === 13) break;
    len++;
  }
  const max = idSize - 17;
  if (len > max) len = max;
  if (len < source.length) return '[string "' + source.slice(0, len) + '..."]';
  return '[string "' + source + '"]';
}

// ---------------------------------------------------------------- lexer

const T_EOF = '<eof>';
const T_NAME = '<name>';
const T_STRING = '<string>';
const T_NUMBER = '<number>';

const KEYWORDS = new Set([
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'if', 'in',
  'local', 'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
]);

const MAXLEVELS = 200;

class Lexer {
  pos = 0;
  line = 1;
  /** Current token. */
  t = '';
  /** Semantic value of current token (name/string text or number). */
  sv: string = '';
  nv = 0;
  /** Raw text of current token (for error messages). */
  raw = '';
  tline = 1;
  /** Line of the last consumed token. */
  lastLine = 1;
  // lookahead
  aheadT: string | null = null;
  aheadSv = '';
  aheadNv = 0;
  aheadRaw = '';
  aheadLine = 1;

  constructor(public src: string, public chunk: string) {
    // skip first line if it starts with '#'
    if (src.charCodeAt(0) === 35) {
      while (this.pos < src.length && src.charCodeAt(this.pos) !== 10) this.pos++;
    }
  }

  error(msg: string, tokenText: string | null, line = this.line): never {
    let m = `${this.chunk}:${line}: ${msg}`;
    if (tokenText !== null) m += ` near '${tokenText}'`;
    throw new LuaError(m);
  }

  tokenText(): string {
    const t = this.t;
    if (t === T_NAME || t === T_STRING || t === T_NUMBER) return this.raw;
    return t;
  }

  syntaxError(msg: string): never {
    this.error(msg, this.tokenText(), this.line);
  }

  next(): void {
    this.lastLine = this.line;
    if (this.aheadT !== null) {
      this.t = this.aheadT;
      this.sv = this.aheadSv;
      this.nv = this.aheadNv;
      this.raw = this.aheadRaw;
      this.aheadT = null;
      return;
    }
    this.t = this.scan();
  }

  lookahead(): string {
    if (this.aheadT === null) {
      const t = this.t, sv = this.sv, nv = this.nv, raw = this.raw;
      this.aheadT = this.scan();
      this.aheadSv = this.sv;
      this.aheadNv = this.nv;
      this.aheadRaw = this.raw;
      this.t = t; this.sv = sv; this.nv = nv; this.raw = raw;
    }
    return this.aheadT;
  }

  private newline(): void {
    const s = this.src;
    const old = s.charCodeAt(this.pos);
    this.pos++;
    const c = s.charCodeAt(this.pos);
    if ((c === 10 || c === 13) && c !== old) this.pos++;
    this.line++;
  }

  private scan(): string {
    const s = this.src;
    for (;;) {
      if (this.pos >= s.length) { this.raw = T_EOF; return T_EOF; }
      const c = s.charCodeAt(this.pos);
      switch (c) {
        case 10: case 13: this.newline(); continue;
        case 32: case 9: case 11: case 12: this.pos++; continue;
        case 45: { // -
          if (s.charCodeAt(this.pos + 1) !== 45) { this.pos++; return '-'; }
          this.pos += 2;
          if (s.charCodeAt(this.pos) === 91) {
            const lvl = this.skipSep();
            if (lvl >= 0) { this.readLong(lvl, false); continue; }
          }
          while (this.pos < s.length) {
            const d = s.charCodeAt(this.pos);
            if (d === 10 || d === 13) break;
            this.pos++;
          }
          continue;
        }
        case 91: { // [
          const start = this.pos;
          const lvl = this.skipSep();
          if (lvl >= 0) {
            this.sv = this.readLong(lvl, true);
            this.raw = this.src.slice(start, this.pos);
            return T_STRING;
          }
          this.pos = start + 1;
          if (lvl === -1) return '[';
          this.error('invalid long string delimiter', '[=');
        }
        // falls through (unreachable)
        case 61: this.pos++; if (s.charCodeAt(this.pos) === 61) { this.pos++; return '=='; } return '=';
        case 60: this.pos++; if (s.charCodeAt(this.pos) === 61) { this.pos++; return '<='; } return '<';
        case 62: this.pos++; if (s.charCodeAt(this.pos) === 61) { this.pos++; return '>='; } return '>';
        case 126: this.pos++; if (s.charCodeAt(this.pos) === 61) { this.pos++; return '~='; } return '~';
        case 34: case 39: return this.readString(c);
        case 46: { // .
          if (s.charCodeAt(this.pos + 1) === 46) {
            if (s.charCodeAt(this.pos + 2) === 46) { this.pos += 3; return '...'; }
            this.pos += 2; return '..';
          }
          const d = s.charCodeAt(this.pos + 1);
          if (d >= 48 && d <= 57) return this.readNumber();
          this.pos++;
          return '.';
        }
        default: {
          if (c >= 48 && c <= 57) return this.readNumber();
          if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
            const start = this.pos;
            let p = this.pos + 1;
            for (;;) {
              const d = s.charCodeAt(p);
              if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95 || (d >= 48 && d <= 57)) p++;
              else break;
            }
            this.pos = p;
            const w = s.slice(start, p);
            if (KEYWORDS.has(w)) return w;
            this.sv = w;
            this.raw = w;
            return T_NAME;
          }
          // single-char tokens
          this.pos++;
          const ch = String.fromCharCode(c);
          if ('+*/%^#(){}];:,'.indexOf(ch) >= 0) return ch;
          // control chars are printed as char(%d) in 5.1
          this.raw = ch;
          return ch;
        }
      }
    }
  }

  /** At '[': returns level if '[' '='* '[', -1 if just '[', -2-level if '[=' without second '['. */
  private skipSep(): number {
    const s = this.src;
    const start = this.pos;
    const open = s.charCodeAt(this.pos);
    this.pos++;
    let count = 0;
    while (s.charCodeAt(this.pos) === 61) { this.pos++; count++; }
    if (s.charCodeAt(this.pos) === open) { this.pos++; return count; }
    this.pos = start;
    return count === 0 ? -1 : -2;
  }

  private readLong(level: number, isString: boolean): string {
    const s = this.src;
    const startLine = this.line;
    // skip first newline
    const c0 = s.charCodeAt(this.pos);
    if (c0 === 10 || c0 === 13) this.newline();
    let out = '';
    let segStart = this.pos;
    for (;;) {
      if (this.pos >= s.length) {
        void startLine;
        this.error(isString ? 'unfinished long string' : 'unfinished long comment', T_EOF);
      }
      const c = s.charCodeAt(this.pos);
      if (c === 93) { // ]
        let p = this.pos + 1;
        let cnt = 0;
        while (s.charCodeAt(p) === 61) { p++; cnt++; }
        if (cnt === level && s.charCodeAt(p) === 93) {
          out += s.slice(segStart, this.pos);
          this.pos = p + 1;
          return out;
        }
        this.pos++;
      } else if (c === 10 || c === 13) {
        out += s.slice(segStart, this.pos) + '\n';
        this.newline();
        segStart = this.pos;
      } else {
        this.pos++;
      }
    }
  }

  private readString(q: number): string {
    const s = this.src;
    const start = this.pos;
    this.pos++;
    let out = '';
    let seg = this.pos;
    for (;;) {
      if (this.pos >= s.length) {
        this.error('unfinished string', T_EOF, this.line);
      }
      const c = s.charCodeAt(this.pos);
      if (c === q) {
        out += s.slice(seg, this.pos);
        this.pos++;
        break;
      }
      if (c === 10 || c === 13) {
        this.error('unfinished string', String.fromCharCode(q) + out + s.slice(seg, this.pos), this.line);
      }
      if (c === 92) {
        out += s.slice(seg, this.pos);
        this.pos++;
        const e = s.charCodeAt(this.pos);
        switch (e) {
          case 97: out += '\x07'; this.pos++; break;
          case 98: out += '\b'; this.pos++; break;
          case 102: out += '\f'; this.pos++; break;
          case 110: out += '\n'; this.pos++; break;
          case 114: out += '\r'; this.pos++; break;
          case 116: out += '\t'; this.pos++; break;
          case 118: out += '\v'; this.pos++; break;
          case 10: case 13: out += '\n'; this.newline(); break;
          default: {
            if (this.pos >= s.length) continue; // will raise unfinished string
            if (e >= 48 && e <= 57) {
              let v = 0;
              let i = 0;
              while (i < 3 && s.charCodeAt(this.pos) >= 48 && s.charCodeAt(this.pos) <= 57) {
                v = v * 10 + (s.charCodeAt(this.pos) - 48);
                this.pos++;
                i++;
              }
              if (v > 255) this.error('escape sequence too large', String.fromCharCode(q) + out, this.line);
              out += String.fromCharCode(v);
            } else {
              out += s[this.pos];
              this.pos++;
            }
          }
        }
        seg = this.pos;
        continue;
      }
      this.pos++;
    }
    this.sv = out;
    this.raw = s.slice(start, this.pos);
    return T_STRING;
  }

  private readNumber(): string {
    const s = this.src;
    const start = this.pos;
    let p = this.pos;
    for (;;) {
      const d = s.charCodeAt(p);
      if ((d >= 48 && d <= 57) || d === 46) p++;
      else break;
    }
    if ((s.charCodeAt(p) | 32) === 101) {
      p++;
      const d = s.charCodeAt(p);
      if (d === 43 || d === 45) p++;
    }
    for (;;) {
      const d = s.charCodeAt(p);
      if ((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 95 || (d >= 48 && d <= 57)) p++;
      else break;
    }
    this.pos = p;
    const text = s.slice(start, p);
    this.raw = text;
    const n = stringToNumber(text);
    if (n === undefined) this.error('malformed number', text, this.line);
    this.nv = n;
    return T_NUMBER;
  }
}

// ---------------------------------------------------------------- parser

interface BlockScope {
  locals: LocalDecl[];
}

interface FuncScope {
  loops: number;
  node: FuncNode;
  blocks: BlockScope[];
  parent: FuncScope | null;
  nactive: number;
}

const BINPRI: Record<string, [number, number]> = {
  '+': [6, 6], '-': [6, 6], '*': [7, 7], '/': [7, 7], '%': [7, 7],
  '^': [10, 9], '..': [5, 4],
  '==': [3, 3], '~=': [3, 3], '<': [3, 3], '<=': [3, 3], '>': [3, 3], '>=': [3, 3],
  'and': [2, 2], 'or': [1, 1],
};
const UNARY_PRI = 8;

class Parser {
  lx: Lexer;
  fs!: FuncScope;
  level = 0;

  constructor(src: string, chunk: string) {
    this.lx = new Lexer(src, chunk);
  }

  enterLevel(): void {
    if (++this.level > MAXLEVELS) {
      this.lx.error('chunk has too many syntax levels', null, this.lx.line);
    }
  }

  tok(): string {
    return this.lx.t;
  }

  check(t: string): void {
    if (this.lx.t !== t) this.lx.syntaxError(`'${t}' expected`);
  }

  checkNext(t: string): void {
    this.check(t);
    this.lx.next();
  }

  testNext(t: string): boolean {
    if (this.lx.t === t) { this.lx.next(); return true; }
    return false;
  }

  checkMatch(what: string, who: string, line: number): void {
    if (this.lx.t !== what) {
      if (line === this.lx.line) this.lx.syntaxError(`'${what}' expected`);
      else this.lx.syntaxError(`'${what}' expected (to close '${who}' at line ${line})`);
    }
    this.lx.next();
  }

  strName(): string {
    this.check(T_NAME);
    const s = this.lx.sv;
    this.lx.next();
    return s;
  }

  // ---- scopes
  openFunc(node: FuncNode): void {
    this.fs = { loops: 0, node, blocks: [{ locals: [] }], parent: this.fs ?? null, nactive: 0 };
  }

  closeFunc(): void {
    this.fs = this.fs.parent!;
  }

  declare(name: string): LocalDecl {
    return { name, captured: false, reg: -1, func: this.fs.node };
  }

  /** luaY_checklimit for LUAI_MAXVARS (200), checked when a local's name is parsed. */
  checkLocals(pending: number): void {
    const fs = this.fs;
    if (fs.nactive + pending + 1 > 200) {
      const where = fs.parent === null ? 'main function has' : `function at line ${fs.node.line} has`;
      this.lx.error(`${where} more than 200 local variables`, null, this.lx.line);
    }
  }

  activate(d: LocalDecl): void {
    const fs = this.fs;
    fs.blocks[fs.blocks.length - 1].locals.push(d);
    fs.nactive++;
  }

  openBlock(): void {
    this.fs.blocks.push({ locals: [] });
  }

  closeBlock(): void {
    const b = this.fs.blocks.pop()!;
    this.fs.nactive -= b.locals.length;
  }

  resolve(name: string): LocalDecl | null {
    let fs: FuncScope | null = this.fs;
    let outer = false;
    while (fs !== null) {
      for (let i = fs.blocks.length - 1; i >= 0; i--) {
        const ls = fs.blocks[i].locals;
        for (let j = ls.length - 1; j >= 0; j--) {
          if (ls[j].name === name) {
            if (outer) ls[j].captured = true;
            return ls[j];
          }
        }
      }
      fs = fs.parent;
      outer = true;
    }
    return null;
  }

  // ---- entry
  parseChunk(): FuncNode {
    const node: FuncNode = { params: [], isVararg: true, body: [], line: 0, lastLine: 0, hasSelf: false };
    this.openFunc(node);
    this.lx.next();
    node.body = this.block();
    if (this.lx.t !== T_EOF) this.lx.syntaxError(`'<eof>' expected`);
    node.lastLine = this.lx.line;
    this.closeFunc();
    return node;
  }

  blockFollow(): boolean {
    const t = this.lx.t;
    return t === 'else' || t === 'elseif' || t === 'end' || t === 'until' || t === T_EOF;
  }

  block(): Stat[] {
    this.enterLevel();
    const stats: Stat[] = [];
    while (!this.blockFollow()) {
      const t = this.lx.t;
      if (t === 'return') {
        stats.push(this.retstat());
        break;
      }
      if (t === 'break') {
        const line = this.lx.line;
        this.lx.next();
        if (this.fs.loops === 0) this.lx.syntaxError('no loop to break');
        stats.push({ k: 'Break', line });
        this.testNext(';');
        break;
      }
      stats.push(this.statement());
      this.testNext(';');
    }
    this.level--;
    return stats;
  }

  /** A block in its own scope. */
  scopedBlock(): Stat[] {
    this.openBlock();
    const b = this.block();
    this.closeBlock();
    return b;
  }

  retstat(): Stat {
    const line = this.lx.line;
    this.lx.next();
    let exprs: Expr[] = [];
    if (!this.blockFollow() && this.lx.t !== ';') exprs = this.exprList();
    this.testNext(';');
    return { k: 'Return', exprs, line };
  }

  statement(): Stat {
    const line = this.lx.line;
    switch (this.lx.t) {
      case 'if': return this.ifstat(line);
      case 'while': {
        this.lx.next();
        const cond = this.expr();
        this.checkNext('do');
        this.fs.loops++;
        const body = this.scopedBlock();
        this.fs.loops--;
        this.checkMatch('end', 'while', line);
        return { k: 'While', cond, body, line };
      }
      case 'do': {
        this.lx.next();
        const body = this.scopedBlock();
        this.checkMatch('end', 'do', line);
        return { k: 'Do', body };
      }
      case 'for': return this.forstat(line);
      case 'repeat': {
        this.lx.next();
        this.openBlock();
        this.fs.loops++;
        const body = this.block();
        this.fs.loops--;
        this.checkMatch('until', 'repeat', line);
        const cond = this.expr();
        this.closeBlock();
        return { k: 'Repeat', body, cond, line };
      }
      case 'function': {
        this.lx.next();
        // funcname: Name {'.' Name} [':' Name]
        const n1 = this.strName();
        let target: Expr = { k: 'Name', name: n1, decl: this.resolve(n1) };
        let isMethod = false;
        while (this.tok() === '.') {
          this.lx.next();
          const kl = this.lx.line;
          const key = this.strName();
          target = { k: 'Index', obj: target, key: { k: 'Str', v: key }, line: kl };
        }
        if (this.tok() === ':') {
          this.lx.next();
          const kl = this.lx.line;
          const key = this.strName();
          target = { k: 'Index', obj: target, key: { k: 'Str', v: key }, line: kl };
          isMethod = true;
        }
        const f = this.body(isMethod, line);
        return { k: 'Assign', targets: [target], exprs: [{ k: 'Func', f }], line };
      }
      case 'local': {
        this.lx.next();
        if (this.testNext('function')) {
          this.checkLocals(0);
          const name = this.strName();
          const decl = this.declare(name);
          this.activate(decl);
          const f = this.body(false, line);
          return { k: 'LocalFunc', decl, f, line };
        }
        const names: LocalDecl[] = [];
        do {
          this.checkLocals(names.length);
          names.push(this.declare(this.strName()));
        } while (this.testNext(','));
        let exprs: Expr[] = [];
        if (this.testNext('=')) exprs = this.exprList();
        for (const d of names) this.activate(d);
        return { k: 'Local', names, exprs, line };
      }
      default: return this.exprstat(line);
    }
  }

  ifstat(line: number): Stat {
    const conds: Expr[] = [];
    const blocks: Stat[][] = [];
    let orelse: Stat[] | null = null;
    this.lx.next();
    conds.push(this.expr());
    this.checkNext('then');
    blocks.push(this.scopedBlock());
    while (this.lx.t === 'elseif') {
      this.lx.next();
      conds.push(this.expr());
      this.checkNext('then');
      blocks.push(this.scopedBlock());
    }
    if (this.testNext('else')) orelse = this.scopedBlock();
    this.checkMatch('end', 'if', line);
    return { k: 'If', conds, blocks, orelse, line };
  }

  forstat(line: number): Stat {
    this.lx.next();
    const n1 = this.strName();
    if (this.lx.t === '=') {
      this.lx.next();
      const start = this.expr();
      this.checkNext(',');
      const limit = this.expr();
      let step: Expr | null = null;
      if (this.testNext(',')) step = this.expr();
      this.checkNext('do');
      this.openBlock();
      const v = this.declare(n1);
      this.activate(v);
      this.fs.loops++;
      const body = this.block();
      this.fs.loops--;
      this.closeBlock();
      this.checkMatch('end', 'for', line);
      return { k: 'NumFor', v, start, limit, step, body, line };
    }
    if (this.lx.t === ',' || this.lx.t === 'in') {
      const names = [n1];
      while (this.testNext(',')) names.push(this.strName());
      this.checkNext('in');
      const exprs = this.exprList();
      this.checkNext('do');
      this.openBlock();
      const vars = names.map((n) => this.declare(n));
      for (const d of vars) this.activate(d);
      this.fs.loops++;
      const body = this.block();
      this.fs.loops--;
      this.closeBlock();
      this.checkMatch('end', 'for', line);
      return { k: 'GenFor', vars, exprs, body, line };
    }
    this.lx.syntaxError(`'=' or 'in' expected`);
  }

  exprstat(line: number): Stat {
    const e = this.suffixedExpr();
    if (this.lx.t === '=' || this.lx.t === ',') {
      const targets: Expr[] = [e];
      while (this.testNext(',')) {
        targets.push(this.suffixedExpr());
      }
      for (const t of targets) {
        if (t.k !== 'Name' && t.k !== 'Index') this.lx.syntaxError('syntax error');
      }
      this.checkNext('=');
      const exprs = this.exprList();
      return { k: 'Assign', targets, exprs, line };
    }
    if (e.k !== 'Call' && e.k !== 'Method') this.lx.syntaxError('syntax error');
    return { k: 'CallStat', call: e, line };
  }

  body(isMethod: boolean, line: number): FuncNode {
    const node: FuncNode = { params: [], isVararg: false, body: [], line, lastLine: line, hasSelf: isMethod };
    this.openFunc(node);
    if (isMethod) {
      const d = this.declare('self');
      node.params.push(d);
      this.activate(d);
    }
    this.checkNext('(');
    if (this.lx.t !== ')') {
      do {
        if (this.lx.t === T_NAME) {
          this.checkLocals(0);
          const d = this.declare(this.strName());
          node.params.push(d);
          this.activate(d);
        } else if (this.lx.t === '...') {
          this.lx.next();
          node.isVararg = true;
          // 5.1 (LUA_COMPAT_VARARG) declares a local `arg` after the parameters
          const d = this.declare('arg');
          node.argDecl = d;
          this.activate(d);
          break;
        } else {
          this.lx.syntaxError('<name> or \'...\' expected');
        }
      } while (this.testNext(','));
    }
    this.checkNext(')');
    node.body = this.block();
    node.lastLine = this.lx.line;
    this.checkMatch('end', 'function', line);
    this.closeFunc();
    return node;
  }

  exprList(): Expr[] {
    const list = [this.expr()];
    while (this.testNext(',')) {
      setNear(list[list.length - 1], this.lx.tokenText());
      list.push(this.expr());
    }
    setNear(list[list.length - 1], this.lx.tokenText());
    return list;
  }

  primaryExpr(): Expr {
    const t = this.lx.t;
    if (t === T_NAME) {
      const name = this.lx.sv;
      this.lx.next();
      return { k: 'Name', name, decl: this.resolve(name) };
    }
    if (t === '(') {
      const line = this.lx.line;
      this.lx.next();
      const e = this.expr();
      this.checkMatch(')', '(', line);
      return { k: 'Paren', e };
    }
    this.lx.syntaxError('unexpected symbol');
  }

  suffixedExpr(): Expr {
    const line = this.lx.line;
    let e = this.primaryExpr();
    let depth = 0;
    for (;;) {
      switch (this.lx.t) {
        case '.': {
          this.lx.next();
          const kl = this.lx.line;
          const name = this.strName();
          e = { k: 'Index', obj: e, key: { k: 'Str', v: name }, line: kl };
          break;
        }
        case '[': {
          this.lx.next();
          const key = this.expr();
          const kl = this.lx.lastLine;
          this.checkNext(']');
          e = { k: 'Index', obj: e, key, line: kl };
          break;
        }
        case ':': {
          this.lx.next();
          const name = this.strName();
          const args = this.callArgs(line);
          e = { k: 'Method', obj: e, name, args, line };
          break;
        }
        case '(': case T_STRING: case '{': {
          const args = this.callArgs(line);
          e = { k: 'Call', fn: e, args, line };
          break;
        }
        default:
          this.level -= depth;
          return e;
      }
      depth++;
      this.enterLevel();
    }
  }

  callArgs(line: number): Expr[] {
    const t = this.lx.t;
    if (t === T_STRING) {
      const v = this.lx.sv;
      this.lx.next();
      return [{ k: 'Str', v }];
    }
    if (t === '{') return [this.tableCons()];
    if (t === '(') {
      if (this.lx.line !== this.lx.lastLine) this.lx.syntaxError('ambiguous syntax (function call x new statement)');
      this.lx.next();
      let args: Expr[] = [];
      if (this.lx.t !== ')') args = this.exprList();
      this.checkMatch(')', '(', line);
      return args;
    }
    this.lx.syntaxError('function arguments expected');
  }

  tableCons(): Expr {
    const line = this.lx.line;
    this.checkNext('{');
    const items: TableItem[] = [];
    while (this.lx.t !== '}') {
      if (this.lx.t === T_NAME && this.lx.lookahead() === '=') {
        const name = this.strName();
        this.lx.next();
        items.push({ key: { k: 'Str', v: name }, value: this.expr() });
      } else if (this.lx.t === '[') {
        this.lx.next();
        const key = this.expr();
        this.checkNext(']');
        this.checkNext('=');
        items.push({ key, value: this.expr() });
      } else {
        items.push({ key: null, value: this.expr() });
      }
      const more = this.testNext(',') || this.testNext(';');
      setNear(items[items.length - 1].value, this.lx.tokenText());
      if (!more) break;
    }
    this.checkMatch('}', '{', line);
    return { k: 'Table', items, line };
  }

  simpleExpr(): Expr {
    const t = this.lx.t;
    switch (t) {
      case T_NUMBER: { const v = this.lx.nv; this.lx.next(); return { k: 'Num', v }; }
      case T_STRING: { const v = this.lx.sv; this.lx.next(); return { k: 'Str', v }; }
      case 'nil': this.lx.next(); return { k: 'Nil' };
      case 'true': this.lx.next(); return { k: 'True' };
      case 'false': this.lx.next(); return { k: 'False' };
      case '...': {
        if (!this.fs.node.isVararg) this.lx.syntaxError("cannot use '...' outside a vararg function");
        this.fs.node.usesVararg = true;
        this.lx.next();
        return { k: 'Vararg' };
      }
      case '{': return this.tableCons();
      case 'function': {
        const line = this.lx.line;
        this.lx.next();
        return { k: 'Func', f: this.body(false, line) };
      }
      default: return this.suffixedExpr();
    }
  }

  expr(limit = 0): Expr {
    this.enterLevel();
    let e: Expr;
    const t = this.lx.t;
    if (t === 'not' || t === '-' || t === '#') {
      this.lx.next();
      const a = this.expr(UNARY_PRI);
      e = foldUnary(t, a, this.lx.lastLine);
    } else {
      e = this.simpleExpr();
    }
    for (;;) {
      const op = this.lx.t;
      const pri = BINPRI[op];
      if (pri === undefined || pri[0] <= limit) break;
      this.lx.next();
      const b = this.expr(pri[1]);
      const line = this.lx.lastLine;
      if (op === 'and') e = { k: 'And', a: e, b };
      else if (op === 'or') e = { k: 'Or', a: e, b };
      else e = foldBinary(op, e, b, line);
    }
    this.level--;
    return e;
  }
}

function foldUnary(op: string, a: Expr, line: number): Expr {
  if (op === '-' && a.k === 'Num') {
    const r = -a.v;
    if (r === r) return { k: 'Num', v: r };
  }
  if (op === 'not') {
    // 5.1 folds `not` of constants
    if (a.k === 'Nil' || a.k === 'False') return { k: 'True' };
    if (a.k === 'True' || a.k === 'Num' || a.k === 'Str') return { k: 'False' };
  }
  return { k: 'Un', op, a, line };
}

function foldBinary(op: string, a: Expr, b: Expr, line: number): Expr {
  if (a.k === 'Num' && b.k === 'Num') {
    const x = a.v, y = b.v;
    let r: number | undefined;
    switch (op) {
      case '+': r = x + y; break;
      case '-': r = x - y; break;
      case '*': r = x * y; break;
      case '/': if (y !== 0) r = x / y; break;
      case '%': if (y !== 0) r = x - Math.floor(x / y) * y; break;
      case '^': r = luaPow(x, y); break;
    }
    if (r !== undefined && r === r) return { k: 'Num', v: r };
  }
  return { k: 'Bin', op, a, b, line };
}

/** Parses a chunk; `chunk` is the formatted chunk id used in messages. */
export function parse(src: string, chunk: string): FuncNode {
  const p = new Parser(src, chunk);
  return p.parseChunk();
}
