/**
 * Every command family's registration list. A new family file adds one line here.
 */
import type { CommandSpec } from './types.js';
import { connectionCommands } from './connection.js';
import { serverCommands } from './server.js';
import { stringCommands } from './string.js';
import { transactionCommands } from './transactions.js';

/** All families, in the order their commands are registered. */
export const ALL_COMMAND_FAMILIES: readonly (readonly CommandSpec[])[] = [
  connectionCommands,
  serverCommands,
  stringCommands,
  transactionCommands,
];
