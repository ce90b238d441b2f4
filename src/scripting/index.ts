/**
 * Scripting entry point: one {@link Scripting} per server (the engine, the EVAL script cache,
 * the function libraries), created with the server (`server.scripting`), as Redis creates its
 * script clients at startup. It also chooses the BUSY text, so a busy function gets
 * "... FUNCTION KILL ..." instead of the SCRIPT KILL text.
 */
import type { RedisServer } from '../server/server.js';
import type { Client } from '../server/client.js';
import { ScriptingEngine, SLOW_EVAL_ERR, SLOW_SCRIPT_ERR } from './engine.js';
import { EvalScripts } from './eval.js';
import { FunctionLibraries } from './functions.js';

export { ScriptingEngine, RunCtx, sha1hex } from './engine.js';
export { EvalScripts } from './eval.js';
export { FunctionLibraries } from './functions.js';

/** Scripting state of one server. */
export class Scripting {
  readonly engine: ScriptingEngine;
  readonly eval: EvalScripts;
  readonly functions: FunctionLibraries;

  constructor(server: RedisServer) {
    this.engine = new ScriptingEngine(server);
    this.eval = new EvalScripts(this.engine);
    this.functions = new FunctionLibraries(this.engine);
    // RDB saves and loads go through the function libraries from now on; libraries an RDB
    // load stored before scripting existed are loaded now.
    const persistence = server.persistence;
    const pending = persistence.functionLibraries;
    persistence.functionLibraries = [];
    for (const code of pending) {
      const err = this.functions.loadLibraryCode(code, true);
      if (err !== null) server.log('warning', 'Failed loading library: ' + err);
    }
    const functions = this.functions;
    persistence.functionsProvider = {
      libraries: () => functions.libraryCodes(),
      load: (code: string) => functions.loadLibraryCode(code, true),
    };
  }

  /** The BUSY error for other clients while a script or function runs (Redis's two texts). */
  busyErrorText(): string {
    const run = this.engine.current;
    return run !== null && !run.isEval ? SLOW_SCRIPT_ERR : SLOW_EVAL_ERR;
  }
}

/**
 * Feeds EVAL/EVALSHA/FCALL (and their _RO forms) to MONITOR clients before the script's own
 * commands: they are flagged skip_monitor, so the dispatcher does not, and Redis shows them
 * first (before any check, so failing calls appear too).
 */
export function feedMonitors(c: Client): void {
  const server = c.server;
  if (server.monitors.length > 0) server.feedMonitors(c, c.argv);
}

/** The server's scripting state (created with the server). */
export function getScripting(server: RedisServer): Scripting {
  return server.scripting;
}

/** Figures for INFO memory (used_memory_scripts_eval, number_of_cached_scripts, ...). */
export interface ScriptingInfo {
  /** Scripts in the EVAL cache (number_of_cached_scripts). */
  numberOfCachedScripts: number;
  /** Bytes of cached script bodies (an approximation of used_memory_scripts_eval). */
  usedMemoryScriptsEval: number;
  /** Function libraries and functions (number_of_functions, number_of_libraries). */
  numberOfLibraries: number;
  numberOfFunctions: number;
  /** Bytes of library code (an approximation of used_memory_functions / used_memory_vm_functions). */
  usedMemoryFunctions: number;
}

/** INFO figures of a server's scripting state. */
export function scriptingInfo(server: RedisServer): ScriptingInfo {
  const s = server.scripting;
  let code = 0;
  for (const c of s.functions.libraryCodes()) code += c.length;
  return {
    numberOfCachedScripts: s.eval.scripts.size,
    usedMemoryScriptsEval: s.eval.bodyBytes,
    numberOfLibraries: s.functions.ctx.libraries.size,
    numberOfFunctions: s.functions.ctx.functions.size,
    usedMemoryFunctions: code,
  };
}
