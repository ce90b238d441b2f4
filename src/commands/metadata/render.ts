/**
 * Renders command metadata as COMMAND INFO and COMMAND DOCS replies (Redis server.c
 * `addReplyCommandInfo`, `addReplyCommandDocs` and helpers), in RESP2 and RESP3: flags,
 * categories, tips, key specs and history are sets, key specs and docs are maps, and the
 * empty subcommand list of COMMAND INFO is an empty set, as Redis 7.2 sends them.
 */
import type { Client } from '../../server/client.js';
import type { RedisCommand } from '../types.js';
import type { CommandArg, CommandMetadata, KeySpec } from './index.js';

/** Metadata of a registered command (the table entry carries it). */
export function metadataOf(cmd: RedisCommand): CommandMetadata {
  return cmd.meta;
}

/** A set of simple strings (flags, categories). */
function addReplyStatusSet(c: Client, items: readonly string[]): void {
  c.addReplySetLen(items.length);
  for (const s of items) c.addReplyStatus(s);
}

/** A set of bulk strings (tips). */
function addReplyBulkSet(c: Client, items: readonly string[]): void {
  c.addReplySetLen(items.length);
  for (const s of items) c.addReplyBulk(s);
}

/** Redis `addReplyCommandKeySpecs`: a set of maps {notes?, flags, begin_search, find_keys}. */
export function addReplyKeySpecs(c: Client, specs: readonly KeySpec[]): void {
  c.addReplySetLen(specs.length);
  for (const ks of specs) {
    c.addReplyMapLen(ks.notes !== undefined ? 4 : 3);
    if (ks.notes !== undefined) {
      c.addReplyBulk('notes');
      c.addReplyBulk(ks.notes);
    }
    c.addReplyBulk('flags');
    addReplyStatusSet(c, ks.flags);

    c.addReplyBulk('begin_search');
    c.addReplyMapLen(2);
    c.addReplyBulk('type');
    const bs = ks.beginSearch;
    c.addReplyBulk(bs.type);
    c.addReplyBulk('spec');
    if (bs.type === 'index') {
      c.addReplyMapLen(1);
      c.addReplyBulk('index');
      c.addReplyLongLong(bs.spec.index);
    } else if (bs.type === 'keyword') {
      c.addReplyMapLen(2);
      c.addReplyBulk('keyword');
      c.addReplyBulk(bs.spec.keyword);
      c.addReplyBulk('startfrom');
      c.addReplyLongLong(bs.spec.startfrom);
    } else {
      c.addReplyMapLen(0);
    }

    c.addReplyBulk('find_keys');
    c.addReplyMapLen(2);
    c.addReplyBulk('type');
    const fk = ks.findKeys;
    c.addReplyBulk(fk.type);
    c.addReplyBulk('spec');
    if (fk.type === 'range') {
      c.addReplyMapLen(3);
      c.addReplyBulk('lastkey');
      c.addReplyLongLong(fk.spec.lastkey);
      c.addReplyBulk('keystep');
      c.addReplyLongLong(fk.spec.keystep);
      c.addReplyBulk('limit');
      c.addReplyLongLong(fk.spec.limit);
    } else if (fk.type === 'keynum') {
      c.addReplyMapLen(3);
      c.addReplyBulk('keynumidx');
      c.addReplyLongLong(fk.spec.keynumidx);
      c.addReplyBulk('firstkey');
      c.addReplyLongLong(fk.spec.firstkey);
      c.addReplyBulk('keystep');
      c.addReplyLongLong(fk.spec.keystep);
    } else {
      c.addReplyMapLen(0);
    }
  }
}

/**
 * One COMMAND INFO entry (Redis `addReplyCommandInfo`): [name, arity, flags, first key,
 * last key, step, ACL categories, tips, key specs, subcommands]; a null reply when `cmd`
 * is null (unknown name). Subcommands are the registered ones.
 */
export function addReplyCommandInfo(c: Client, cmd: RedisCommand | null): void {
  if (cmd === null) {
    c.addReplyNull();
    return;
  }
  const m = metadataOf(cmd);
  c.addReplyArrayLen(10);
  c.addReplyBulk(cmd.fullname);
  c.addReplyLongLong(m.arity);
  addReplyStatusSet(c, m.infoFlags);
  c.addReplyLongLong(m.firstKey);
  c.addReplyLongLong(m.lastKey);
  c.addReplyLongLong(m.keyStep);
  addReplyStatusSet(c, m.aclCategories);
  addReplyBulkSet(c, m.tips);
  addReplyKeySpecs(c, m.keySpecs);
  if (cmd.subcommands === null) {
    c.addReplySetLen(0);
  } else {
    c.addReplyArrayLen(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) addReplyCommandInfo(c, sub);
  }
}

/** Redis `addReplyCommandArgList`: an array of argument maps (display_text right after type). */
export function addReplyCommandArgList(c: Client, args: readonly CommandArg[]): void {
  c.addReplyArrayLen(args.length);
  for (const a of args) {
    let n = 2;
    if (a.displayText !== undefined) n++;
    if (a.keySpecIndex !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.summary !== undefined) n++;
    if (a.since !== undefined) n++;
    if (a.deprecatedSince !== undefined) n++;
    if (a.flags !== undefined) n++;
    if (a.arguments !== undefined) n++;
    c.addReplyMapLen(n);
    c.addReplyBulk('name');
    c.addReplyBulk(a.name);
    c.addReplyBulk('type');
    c.addReplyBulk(a.type);
    if (a.displayText !== undefined) {
      c.addReplyBulk('display_text');
      c.addReplyBulk(a.displayText);
    }
    if (a.keySpecIndex !== undefined) {
      c.addReplyBulk('key_spec_index');
      c.addReplyLongLong(a.keySpecIndex);
    }
    if (a.token !== undefined) {
      c.addReplyBulk('token');
      c.addReplyBulk(a.token);
    }
    if (a.summary !== undefined) {
      c.addReplyBulk('summary');
      c.addReplyBulk(a.summary);
    }
    if (a.since !== undefined) {
      c.addReplyBulk('since');
      c.addReplyBulk(a.since);
    }
    if (a.deprecatedSince !== undefined) {
      c.addReplyBulk('deprecated_since');
      c.addReplyBulk(a.deprecatedSince);
    }
    if (a.flags !== undefined) {
      c.addReplyBulk('flags');
      addReplyStatusSet(c, a.flags);
    }
    if (a.arguments !== undefined) {
      c.addReplyBulk('arguments');
      addReplyCommandArgList(c, a.arguments);
    }
  }
}

/**
 * One COMMAND DOCS value (Redis `addReplyCommandDocs`): a map of summary, since, group,
 * complexity, doc_flags, deprecated_since, replaced_by, history, arguments and subcommands
 * (the registered ones), each present only when the command has it.
 */
export function addReplyCommandDocs(c: Client, cmd: RedisCommand): void {
  const d = metadataOf(cmd).docs;
  let n = 1;
  if (d.summary !== undefined) n++;
  if (d.since !== undefined) n++;
  if (d.complexity !== undefined) n++;
  if (d.docFlags !== undefined) n++;
  if (d.deprecatedSince !== undefined) n++;
  if (d.replacedBy !== undefined) n++;
  if (d.history !== undefined) n++;
  if (d.arguments !== undefined) n++;
  if (cmd.subcommands !== null) n++;
  c.addReplyMapLen(n);
  if (d.summary !== undefined) {
    c.addReplyBulk('summary');
    c.addReplyBulk(d.summary);
  }
  if (d.since !== undefined) {
    c.addReplyBulk('since');
    c.addReplyBulk(d.since);
  }
  c.addReplyBulk('group');
  c.addReplyBulk(d.group);
  if (d.complexity !== undefined) {
    c.addReplyBulk('complexity');
    c.addReplyBulk(d.complexity);
  }
  if (d.docFlags !== undefined) {
    c.addReplyBulk('doc_flags');
    addReplyStatusSet(c, d.docFlags);
  }
  if (d.deprecatedSince !== undefined) {
    c.addReplyBulk('deprecated_since');
    c.addReplyBulk(d.deprecatedSince);
  }
  if (d.replacedBy !== undefined) {
    c.addReplyBulk('replaced_by');
    c.addReplyBulk(d.replacedBy);
  }
  if (d.history !== undefined) {
    c.addReplyBulk('history');
    c.addReplySetLen(d.history.length);
    for (const [since, changes] of d.history) {
      c.addReplyArrayLen(2);
      c.addReplyBulk(since);
      c.addReplyBulk(changes);
    }
  }
  if (d.arguments !== undefined) {
    c.addReplyBulk('arguments');
    addReplyCommandArgList(c, d.arguments);
  }
  if (cmd.subcommands !== null) {
    c.addReplyBulk('subcommands');
    c.addReplyMapLen(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      c.addReplyBulk(sub.fullname);
      addReplyCommandDocs(c, sub);
    }
  }
}
