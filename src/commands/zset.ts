/**
 * zset commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The zset family. */
export const zsetCommands: CommandSpec[] = [];
