/**
 * Cinder's Lua 5.1 engine: public entry point. See API.md.
 */
export {
  Box, CallInfo, Coroutine, HostFunction, LuaAbort, LuaClosure, LuaError, LuaUserdata,
  numberToString, stringToNumber, fmtG, toInt, truthy, typeName,
  type CoStatus, type HostFn, type LuaValue,
} from './value.js';
export { LuaTable, MemAccount } from './table.js';
export { LuaState, RtError, hostErr, type LuaStateOptions, type RunResult } from './state.js';
export { chunkId } from './parser.js';
export { Proto } from './compiler.js';
