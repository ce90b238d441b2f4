/**
 * client commands. (Being written; see docs/CONVENTIONS.md.)
 */
import type { CommandSpec } from './types.js';

/** The client family. */
export const clientCommands: CommandSpec[] = [];
