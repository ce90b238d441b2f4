/**
 * Every command family's registration list. A new family file adds one line here.
 */
import type { CommandSpec } from './types.js';
import { connectionCommands } from './connection.js';
import { clientCommands } from './client.js';
import { serverCommands } from './server.js';
import { genericCommands } from './generic.js';
import { stringCommands } from './string.js';
import { bitmapCommands } from './bitmap.js';
import { listCommands } from './list.js';
import { hashCommands } from './hash.js';
import { setCommands } from './set.js';
import { zsetCommands } from './zset.js';
import { sortCommands } from './sort.js';
import { pubsubCommands } from './pubsub.js';
import { commandCommands } from './command.js';
import { transactionCommands } from './transactions.js';
import { persistenceCommands } from './persistence.js';
import { debugCommands } from './debug.js';
import { dumpCommands } from './dump.js';
import { streamCommands } from './stream.js';
import { scriptingCommands } from './scripting.js';
import { functionCommands } from './functions.js';

/** All families, in the order their commands are registered. */
export const ALL_COMMAND_FAMILIES: readonly (readonly CommandSpec[])[] = [
  connectionCommands,
  clientCommands,
  serverCommands,
  genericCommands,
  stringCommands,
  bitmapCommands,
  listCommands,
  hashCommands,
  setCommands,
  zsetCommands,
  sortCommands,
  pubsubCommands,
  commandCommands,
  transactionCommands,
  streamCommands,
  persistenceCommands,
  debugCommands,
  dumpCommands,
  scriptingCommands,
  functionCommands,
];
