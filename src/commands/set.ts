/**
 * set commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The set family. */
export const setCommands: CommandSpec[] = [];
