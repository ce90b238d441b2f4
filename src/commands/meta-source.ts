/**
 * Where the command table gets its metadata. TEMPORARY bootstrap: reads arity/flags/ACL
 * categories dumped from a local redis-server into /tmp until the Redis 7.2 metadata
 * table (src/commands/metadata) lands; then this file just re-exports its loader.
 */
import { readFileSync } from 'node:fs';
import type { CommandMetaCore } from './types.js';

let table: Record<string, CommandMetaCore> | null = null;

/** Metadata for a full command name ("get", "config|get"), or undefined. */
export function lookupCommandMeta(fullName: string): CommandMetaCore | undefined {
  if (table === null) {
    table = JSON.parse(readFileSync('/tmp/meta-bootstrap.json', 'latin1')) as Record<string, CommandMetaCore>;
    table['client|setinfo'] = { arity: -4, flags: ['noscript', 'loading', 'stale'], aclCategories: ['@slow', '@connection'] };
    table['client|no-touch'] = { arity: 3, flags: ['noscript', 'loading', 'stale'], aclCategories: ['@slow', '@connection'] };
  }
  return table[fullName];
}
