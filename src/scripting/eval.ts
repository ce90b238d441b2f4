/**
 * EVAL scripts (Redis eval.c): the script cache (SHA1 -> compiled chunk and shebang flags)
 * and its Lua state, EVAL/EVALSHA(_RO) execution, SCRIPT LOAD/EXISTS/FLUSH.
 *
 * Scripts are compiled with chunk name "@user_script"; a shebang line is cut off (its
 * newline kept, so line numbers stay right). KEYS and ARGV are set as globals (raw, past
 * the readonly protection) before each run. SCRIPT FLUSH drops the cache and creates a
 * fresh Lua state, as Redis's scriptingReset does.
 */
import { LuaError, LuaTable as LuaTableClass, type LuaClosure, type LuaState, type LuaTable, type LuaValue } from '../lua/index.js';
import type { Client } from '../server/client.js';
import { ScriptingEngine, RunCtx, sha1hex, extractShebangFlags, SCRIPT_FLAG_EVAL_COMPAT_MODE, SCRIPT_FLAG_NO_WRITES, type ScriptLuaState } from './engine.js';
import { string2ll } from '../util/numbers.js';

/** A cached script (Redis `luaScript`). */
export interface CachedScript {
  /** The script body as sent (shebang included). */
  body: string;
  /** The compiled chunk. */
  fn: LuaClosure;
  /** SCRIPT_FLAG_* bits from its shebang (EVAL_COMPAT_MODE without one). */
  flags: number;
}

/** The EVAL script cache and its Lua state. */
export class EvalScripts {
  private state: ScriptLuaState;
  /** SHA1 (lowercase hex) -> script. */
  readonly scripts: Map<string, CachedScript> = new Map();
  /** Total bytes of cached script bodies (INFO used_memory_scripts_eval approximation). */
  bodyBytes = 0;
  /** Node slots of KEYS and ARGV in the globals (LuaTable.setAtSlot). */
  private keysSlot = -1;
  private argvSlot = -1;
  /** The script EVALSHA ran last and its (lowercase) SHA: a one-entry lookup cache. */
  private lastSha = '';
  private lastScript: CachedScript | null = null;

  constructor(readonly engine: ScriptingEngine) {
    this.state = engine.createLuaState(true);
  }

  /** The Lua state scripts run in. */
  get L(): LuaState {
    return this.state.L;
  }

  /**
   * Compiles and caches `body` unless cached (Redis `luaCreateFunction`).
   * @returns [sha, script] or an error text ("Error compiling script ...", shebang errors).
   */
  create(body: string, sha = sha1hex(body)): [string, CachedScript] | string {
    const have = this.scripts.get(sha);
    if (have !== undefined) return [sha, have];
    const sb = extractShebangFlags(body);
    if (typeof sb === 'string') return sb;
    const [flags, shebangLen] = sb;
    let fn: LuaClosure;
    try {
      fn = this.state.L.load(shebangLen > 0 ? body.slice(shebangLen) : body, '@user_script');
    } catch (e) {
      if (e instanceof LuaError) return 'Error compiling script (new function): ' + String(e.value);
      throw e;
    }
    const s: CachedScript = { body, fn, flags };
    this.scripts.set(sha, s);
    this.bodyBytes += body.length;
    return [sha, s];
  }

  /** Drops every script and resets the Lua state (SCRIPT FLUSH). */
  flush(): void {
    this.lastSha = '';
    this.lastScript = null;
    this.scripts.clear();
    this.bodyBytes = 0;
    this.state = this.engine.createLuaState(true);
  }

  /**
   * EVAL / EVALSHA / EVAL_RO / EVALSHA_RO (Redis `evalGenericCommand`): argv[1] is the body or
   * the SHA, argv[2] numkeys. Replies to `c` (possibly later, when the script gets busy).
   */
  evalCommand(c: Client, isSha: boolean, ro: boolean): void {
    const argv = c.argv;
    if (isSha && argv[1].length !== 40) {
      c.addReplyError('-NOSCRIPT No matching script. Please use EVAL.');
      return;
    }
    const numkeys = parseNumKeys(argv[2]);
    if (numkeys === null) {
      c.addReplyError('value is not an integer or out of range');
      return;
    }
    if (numkeys > argv.length - 3) {
      c.addReplyError("Number of keys can't be greater than number of args");
      return;
    }
    if (numkeys < 0) {
      c.addReplyError("Number of keys can't be negative");
      return;
    }
    let sha: string;
    let script: CachedScript | undefined;
    if (isSha) {
      sha = argv[1];
      if (sha === this.lastSha && this.lastScript !== null) {
        // the same script as last time: a string compare instead of hashing the SHA
        script = this.lastScript;
        sha = this.lastSha;
      } else {
        script = this.scripts.get(sha);
        if (script === undefined) {
          sha = sha.toLowerCase();
          script = this.scripts.get(sha);
        }
        if (script === undefined) {
          c.addReplyError('-NOSCRIPT No matching script. Please use EVAL.');
          return;
        }
        this.lastSha = sha;
        this.lastScript = script;
      }
    } else {
      const r = this.create(argv[1]);
      if (typeof r === 'string') {
        c.addReplyError(r);
        return;
      }
      [sha, script] = r;
    }
    const engine = this.engine;
    const err = engine.prepareFlags(script.flags, ro);
    if (err !== null) {
      c.addReplyError(err);
      return;
    }
    const L = this.state.L;
    const ctx = new RunCtx(c, sha, true, ro || ((script.flags & SCRIPT_FLAG_EVAL_COMPAT_MODE) === 0 && (script.flags & SCRIPT_FLAG_NO_WRITES) !== 0), L);
    // KEYS and ARGV globals, set raw past the readonly protection (through their node slots)
    const G = L.globals;
    const keys = makeArray(L, argv, 3, numkeys);
    const args = makeArray(L, argv, 3 + numkeys, argv.length - 3 - numkeys);
    if (!G.setAtSlot(this.keysSlot, 'KEYS', keys) || !G.setAtSlot(this.argvSlot, 'ARGV', args)) {
      G.readonly = false;
      G.setStr('KEYS', keys);
      G.setStr('ARGV', args);
      G.readonly = true;
      this.keysSlot = G.slotOfStr('KEYS');
      this.argvSlot = G.slotOfStr('ARGV');
    }
    engine.run(ctx, script.fn, NO_ARGS);
  }
}

const NO_ARGS: readonly LuaValue[] = [];

/** A Lua array of argv[from .. from+n-1]. */
export function makeArray(L: LuaState, argv: readonly string[], from: number, n: number): LuaTable {
  return LuaTableClass.fromArray(L.mem, n === 0 ? [] : argv.slice(from, from + n));
}

/** Parses numkeys as a strict int64 (Redis getLongLongFromObject). @returns null when invalid. */
export function parseNumKeys(s: string): number | null {
  return string2ll(s);
}
