/**
 * generic commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The generic family. */
export const genericCommands: CommandSpec[] = [];
