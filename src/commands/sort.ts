/**
 * SORT and SORT_RO. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The sort family. */
export const sortCommands: CommandSpec[] = [];
