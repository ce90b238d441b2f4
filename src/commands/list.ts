/**
 * list commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The list family. */
export const listCommands: CommandSpec[] = [];
