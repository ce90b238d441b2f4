/**
 * Blocking operations (Redis blocked.c): clients blocked on keys by BLPOP, BRPOP, BLMOVE,
 * BZPOPMIN, XREAD BLOCK, ... are kept per db in `db.blockingKeys` (arrival order) and
 * served when a key they wait on is signalled ready.
 *
 * This file is the seam between the dispatcher and the blocking commands. The collection
 * families implement the serving logic here.
 */
import type { RedisServer } from './server.js';
import type { Client } from './client.js';

/** The server's blocking-operations state. */
export class BlockingState {
  readonly server: RedisServer;

  constructor(server: RedisServer) {
    this.server = server;
  }

  /**
   * Serves clients blocked on the keys in `server.readyKeys`, in arrival order (Redis
   * `handleClientsBlockedOnKeys`). Keys signalled while serving are processed too.
   */
  handleClientsBlockedOnKeys(): void {
    this.server.readyKeys = [];
  }

  /** Removes a disconnecting client from every wait list (Redis `unblockClient` on free). */
  unblockClientOnDisconnect(_c: Client): void {
    /* Filled in by the blocking commands. */
  }
}
