/**
 * Error raised by the pure library code (patterns, format, struct, cjson, cmsgpack, bit).
 *
 * `message` is the Lua error message exactly as the C library raises it with
 * `luaL_error` (no position prefix: C functions have none). When `argIndex` is set the
 * error is a `luaL_argerror`, and the binding layer turns it into
 * "bad argument #<argIndex> to '<fname>' (<message>)" using the engine's call info.
 */
export class LibError extends Error {
  /** 1-based argument number for argument errors, or 0 for plain errors. */
  readonly argIndex: number;

  constructor(message: string, argIndex = 0) {
    super(message);
    this.argIndex = argIndex;
  }
}

/** Throws a plain library error (luaL_error). */
export function libError(message: string): never {
  throw new LibError(message, 0);
}

/** Throws an argument error (luaL_argerror) for argument `arg` (1-based). */
export function argError(arg: number, message: string): never {
  throw new LibError(message, arg);
}
