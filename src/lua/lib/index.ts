/**
 * Library entry points for the Cinder Lua engine.
 *
 * - `openStringLib(L)`: Lua 5.1's `string` library (plus the string metatable).
 * - `openRedisLibs(L)`: `string`, `cjson`, `cmsgpack`, `struct` and `bit`, the libraries
 *   Redis 7 loads into its scripting state (base/table/math/coroutine/os are the core's).
 *   Returns the created tables so the scripting layer can mark them readonly
 *   (Redis 7 makes library tables readonly) and find the `cjson.null` sentinel.
 */
import type { LuaState } from '../state.js';
import { LuaUserdata } from '../value.js';
import type { LuaTable } from '../table.js';
import { openStringLib } from './lstrlib.js';
import { openCjsonLib } from './cjson.js';
import { openCmsgpackLib } from './cmsgpack.js';
import { openStructLib } from './struct.js';
import { openBitLib } from './bit.js';

export { openStringLib } from './lstrlib.js';
export { openCjsonLib, newCjsonModule, jsonEncode, jsonDecode, CjsonConfig } from './cjson.js';
export { openCmsgpackLib, mpPackValue, mpUnpackFull } from './cmsgpack.js';
export { openStructLib, structPack, structUnpack, structSize } from './struct.js';
export { openBitLib, toBit, toHex } from './bit.js';
export { formatG, formatDouble, numberToString } from './cformat.js';

/** Tables created by {@link openRedisLibs}. */
export interface RedisLibs {
  string: LuaTable;
  cjson: LuaTable;
  cmsgpack: LuaTable;
  struct: LuaTable;
  bit: LuaTable;
  /** The light userdata `cjson.null` (JSON null when decoding; encodes as null). */
  cjsonNull: LuaUserdata;
}

/** Opens string, cjson, cmsgpack, struct and bit into `L` as globals. */
export function openRedisLibs(L: LuaState): RedisLibs {
  const cjsonNull = new LuaUserdata('cjson.null');
  return {
    string: openStringLib(L),
    cjson: openCjsonLib(L, cjsonNull),
    cmsgpack: openCmsgpackLib(L),
    struct: openStructLib(L),
    bit: openBitLib(L),
    cjsonNull,
  };
}
