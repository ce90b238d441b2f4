/**
 * bitmap commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The bitmap family. */
export const bitmapCommands: CommandSpec[] = [];
