/**
 * Helpers for differential tests against the real `lua5.1` interpreter.
 *
 * `runLua51(src)` runs a chunk with lua5.1 and returns its stdout as a one-byte string
 * (latin1), or null when lua5.1 is not installed (tests then skip).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Path of the real interpreter. */
export const LUA51 = process.env.LUA51 ?? '/usr/bin/lua5.1';

/** True when the lua5.1 binary runs. */
export function haveLua51(): boolean {
  const r = spawnSync(LUA51, ['-v'], { encoding: 'latin1' });
  return r.status === 0;
}

/** Runs `src` (a one-byte string) with lua5.1; returns stdout as latin1, throws on failure. */
export function runLua51(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cinder-lua51-'));
  const file = join(dir, 'chunk.lua');
  writeFileSync(file, Buffer.from(src, 'latin1'));
  let r;
  try {
    r = spawnSync(LUA51, [file], { encoding: 'latin1', maxBuffer: 1 << 28 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (r.status !== 0) throw new Error(`lua5.1 failed: ${r.stderr}`);
  return r.stdout;
}

/** Lua source for a helper `ser(...)` printing each value as a tagged line-safe token. */
export const LUA_SER = `
local negz_src = 0
NEGZ = -negz_src
local function hex(s) return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end)) end
function ser(...)
  local n = select('#', ...)
  local t = {}
  for i = 1, n do
    local v = select(i, ...)
    local ty = type(v)
    if ty == 'string' then t[#t+1] = 's:' .. hex(v)
    elseif ty == 'number' then t[#t+1] = 'n:' .. string.format('%.17g', v)
    elseif ty == 'nil' then t[#t+1] = 'nil'
    elseif ty == 'boolean' then t[#t+1] = 'b:' .. tostring(v)
    else t[#t+1] = ty end
  end
  return table.concat(t, ' ')
end
function run(f, ...)
  local r = {n = 0}
  local function pk(...) r.n = select('#', ...); for i = 1, r.n do r[i] = (select(i, ...)) end end
  pk(pcall(f, ...))
  if r[1] then print(ser(unpack(r, 2, r.n))) else print('E:' .. hex((string.gsub(tostring(r[2]), '^[^:]*:%d+: ', '')))) end
end
`;

function hex(s: string): string {
  let r = '';
  for (let i = 0; i < s.length; i++) r += s.charCodeAt(i).toString(16).padStart(2, '0');
  return r;
}

/** Serializes JS-side results the same way `ser` does (numbers compared by value). */
export function serJs(vals: readonly unknown[]): string {
  return vals.map((v) => {
    if (typeof v === 'string') return 's:' + hex(v);
    if (typeof v === 'number') return 'n:' + v;
    if (v === undefined || v === null) return 'nil';
    if (typeof v === 'boolean') return 'b:' + v;
    return typeof v;
  }).join(' ');
}

/** Error line as `run` prints it. */
export function serErr(msg: string): string {
  return 'E:' + hex(msg);
}

/** Normalizes a line from `ser`: numbers re-printed through JS so both sides compare. */
export function normLine(line: string): string {
  return line.split(' ').map((tok) => tok.startsWith('n:') ? 'n:' + Number(tok.slice(2) === 'inf' ? Infinity : tok.slice(2) === '-inf' ? -Infinity : tok.slice(2)) : tok).join(' ');
}

/** Quotes a one-byte string as a Lua literal using decimal escapes. */
export function luaStr(s: string): string {
  let r = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 32 && c < 127 && c !== 34 && c !== 92) r += s[i];
    else r += '\\' + String(c).padStart(3, '0');
  }
  return r + '"';
}

/** Lua literal for a JS value (number, string, boolean, undefined as nil). */
export function luaLit(v: unknown): string {
  if (typeof v === 'string') return luaStr(v);
  if (typeof v === 'number') {
    if (v !== v) return '(0/0)';
    if (v === Infinity) return '(1/0)';
    if (v === -Infinity) return '(-1/0)';
    if (Object.is(v, -0)) return 'NEGZ';
    return '(' + String(v) + ')';
  }
  if (typeof v === 'boolean') return String(v);
  return 'nil';
}

/**
 * Runs `src` on Cinder's engine with the string library opened and returns what it
 * printed (lines joined with "\n", trailing newline), or null when the engine is not
 * available. Errors are appended as a final "ERROR ..." line.
 */
export async function runOurs(src: string): Promise<string | null> {
  let mod: Record<string, unknown>;
  let lib: Record<string, unknown>;
  try {
    mod = await import('../../src/lua/index.js' as string) as Record<string, unknown>;
    lib = await import('../../src/lua/lib/index.js') as Record<string, unknown>;
  } catch {
    return null;
  }
  type State = { load(src: string, chunk: string): unknown; call(fn: unknown, args: unknown[]): unknown[] };
  const Ctor = mod.LuaState as new (opts: { print: (line: string) => void }) => State;
  const lines: string[] = [];
  const L = new Ctor({ print: (line: string) => { lines.push(line); } });
  (lib.openStringLib as (L: State) => void)(L);
  try {
    L.call(L.load(src, '@chunk'), []);
  } catch (e) {
    lines.push('ERROR ' + String(e));
  }
  return lines.join('\n') + '\n';
}
