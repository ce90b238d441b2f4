/**
 * hash commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The hash family. */
export const hashCommands: CommandSpec[] = [];
