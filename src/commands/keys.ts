/**
 * Key extraction from a command line (Redis db.c `getKeysFromCommandWithSpecs`,
 * `getKeysUsingKeySpecs` and the native `*GetKeys` procedures).
 *
 * The key specs in the command metadata say where the keys are: a begin_search step (a
 * fixed index, or a keyword searched forward/backward from a position) followed by a
 * find_keys step (a range, or a count read from the arguments). When the specs cannot
 * answer (an `unknown`/incomplete spec, or specs whose flags vary with the arguments),
 * Redis falls back to the command's native procedure; the ones of Redis 7.2 are
 * reproduced here by name (`CommandMetadata.getkeysProc`).
 *
 * Used by COMMAND GETKEYS / GETKEYSANDFLAGS, and meant for MULTI/EXEC, ACL key checks and
 * cluster slot checks.
 */
import type { CommandMetadata, KeySpec } from './metadata/index.js';
import { string2ll } from '../util/numbers.js';

/** A key found in argv: its position (argv[0] is the command name) and its key-spec flags. */
export interface KeyReference {
  /** Index into argv. */
  readonly pos: number;
  /** Key flags as COMMAND GETKEYSANDFLAGS prints them (RO, RW, OW, RM, access, update, insert, delete, not_key, incomplete, variable_flags). */
  readonly flags: readonly string[];
}

/** Options of {@link getKeysFromCommand} (Redis GET_KEYSPEC_* search flags). */
export interface GetKeysOptions {
  /**
   * Also return "keys" of specs marked not_key (shard channels), as cluster slot checks need
   * (GET_KEYSPEC_INCLUDE_NOT_KEYS). As in Redis, {@link getKeysFromCommand} consults the
   * specs only for commands with at least one real key spec, so for a command whose only
   * spec is not_key (SPUBLISH, SSUBSCRIBE) call {@link getKeysUsingKeySpecs} directly.
   */
  readonly includeNotKeys?: boolean;
  /** On an invalid spec, return the keys found so far instead of none (GET_KEYSPEC_RETURN_PARTIAL). */
  readonly returnPartial?: boolean;
}

/** The part of the metadata key extraction needs. */
export type KeyedCommand = Pick<CommandMetadata, 'arity' | 'flags' | 'keySpecs' | 'getkeysProc'>;

const RO_ACCESS: readonly string[] = ['RO', 'access'];
const RW_ACCESS_UPDATE: readonly string[] = ['RW', 'access', 'update'];
const RW_ACCESS_DELETE: readonly string[] = ['RW', 'access', 'delete'];
const OW_UPDATE: readonly string[] = ['OW', 'update'];

/**
 * Whether the command has key arguments at all (Redis `doesCommandHaveKeys`): a native
 * getkeys procedure, or at least one key spec not marked not_key.
 */
export function doesCommandHaveKeys(cmd: KeyedCommand): boolean {
  if (cmd.getkeysProc !== undefined) return true;
  for (const s of cmd.keySpecs) if (!s.flags.includes('not_key')) return true;
  return false;
}

/**
 * Finds the keys of a command line (Redis `getKeysFromCommandWithSpecs`).
 *
 * The key specs are used when the command has at least one real (not not_key) spec and no
 * spec has variable_flags; if they fail (invalid numkeys, out-of-range positions, an
 * `unknown` or incomplete spec), or cannot be used, the command's native procedure decides.
 *
 * @param cmd the command's metadata (for a subcommand, the subcommand's).
 * @param argv the full command line, argv[0] being the command name (and argv[1] the
 *   subcommand name for subcommands). Arity is assumed to have been checked.
 * @returns the keys in order (possibly none). Never throws on bad input.
 */
export function getKeysFromCommand(cmd: KeyedCommand, argv: readonly string[], opts: GetKeysOptions = {}): KeyReference[] {
  let hasKeyspec = false;
  let hasVarflags = false;
  for (const s of cmd.keySpecs) {
    if (!s.flags.includes('not_key')) hasKeyspec = true;
    if (s.flags.includes('variable_flags')) hasVarflags = true;
  }
  if (hasKeyspec && !hasVarflags) {
    const r = getKeysUsingKeySpecs(cmd, argv, opts);
    if (r !== null) return r;
  }
  if (cmd.getkeysProc !== undefined) return nativeGetKeys(cmd.getkeysProc, cmd.keySpecs, argv);
  return [];
}

/**
 * Redis `getKeysUsingKeySpecs`.
 * @returns the keys, or null when a spec is invalid for these arguments (unless
 *   `returnPartial`, which returns what was found before the invalid spec).
 */
export function getKeysUsingKeySpecs(cmd: KeyedCommand, argv: readonly string[], opts: GetKeysOptions = {}): KeyReference[] | null {
  const argc = argv.length;
  const keys: KeyReference[] = [];
  const invalid = (): KeyReference[] | null => (opts.returnPartial === true ? keys : null);
  for (const spec of cmd.keySpecs) {
    if (spec.flags.includes('not_key') && opts.includeNotKeys !== true) continue;

    let first = 0;
    const bs = spec.beginSearch;
    if (bs.type === 'index') {
      first = bs.spec.index;
    } else if (bs.type === 'keyword') {
      const startfrom = bs.spec.startfrom;
      const startIndex = startfrom > 0 ? startfrom : argc + startfrom;
      const endIndex = startfrom > 0 ? argc - 1 : 1;
      const kw = bs.spec.keyword.toLowerCase();
      for (let i = startIndex; i !== endIndex; i = startIndex <= endIndex ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === kw) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // keyword not found
    } else {
      return invalid();
    }

    let last: number;
    let step: number;
    const fk = spec.findKeys;
    if (fk.type === 'range') {
      step = fk.spec.keystep;
      if (fk.spec.lastkey >= 0) last = first + fk.spec.lastkey;
      else if (fk.spec.limit === 0) last = argc + fk.spec.lastkey;
      else last = first + (Math.trunc((argc - first) / fk.spec.limit) + fk.spec.lastkey);
    } else if (fk.type === 'keynum') {
      step = fk.spec.keystep;
      if (fk.spec.keynumidx >= argc || first + fk.spec.keynumidx >= argc) return invalid();
      const numkeys = string2ll(argv[first + fk.spec.keynumidx]);
      if (numkeys === null || numkeys < 0) return invalid();
      first += fk.spec.firstkey;
      last = first + numkeys - 1;
    } else {
      return invalid();
    }

    // First or last out of bounds: a syntax error in the command line.
    if (last >= argc || last < first || first >= argc) return invalid();

    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) continue; // only reachable for variadic commands; they report the error themselves
      keys.push({ pos: i, flags: spec.flags });
    }
    if (spec.flags.includes('incomplete')) return invalid();
  }
  return keys;
}

function eqi(a: string, b: string): boolean {
  return a.length === b.length && a.toLowerCase() === b;
}

/** The flags of the first spec (input keys) and of a store spec, for the numkeys-style procedures. */
function specFlags(specs: readonly KeySpec[], i: number, dflt: readonly string[]): readonly string[] {
  return specs[i]?.flags ?? dflt;
}

/**
 * Redis `genericGetKeys`: `num` keys read from argv[keyCountOfs] (atoi semantics), starting
 * at firstKeyOfs with keyStep, plus an optional store key at storeKeyOfs.
 */
function genericGetKeys(storeKeyOfs: number, keyCountOfs: number, firstKeyOfs: number, keyStep: number, argv: readonly string[], keyFlags: readonly string[], storeFlags: readonly string[]): KeyReference[] {
  const argc = argv.length;
  if (keyCountOfs >= argc) return [];
  const num = atoi(argv[keyCountOfs]);
  if (num < 1 || num > Math.trunc((argc - firstKeyOfs) / keyStep)) return [];
  const keys: KeyReference[] = [];
  for (let i = 0; i < num; i++) keys.push({ pos: firstKeyOfs + i * keyStep, flags: keyFlags });
  if (storeKeyOfs !== 0) keys.push({ pos: storeKeyOfs, flags: storeFlags });
  return keys;
}

/** C `atoi`: optional leading whitespace and sign, then digits; 0 when none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  if (m === null) return 0;
  const n = Number(m[1]);
  return Number.isFinite(n) ? Math.trunc(n) | 0 : 0;
}

/** The native getkeys procedures of Redis 7.2, by name. */
function nativeGetKeys(proc: string, specs: readonly KeySpec[], argv: readonly string[]): KeyReference[] {
  const argc = argv.length;
  switch (proc) {
    case 'evalGetKeys':
    case 'functionGetKeys':
    case 'blmpopGetKeys':
      return genericGetKeys(0, 2, 3, 1, argv, specFlags(specs, 0, RO_ACCESS), OW_UPDATE);
    case 'zunionInterDiffGetKeys':
    case 'lmpopGetKeys':
    case 'zmpopGetKeys':
    case 'sintercardGetKeys':
      return genericGetKeys(0, 1, 2, 1, argv, specFlags(specs, 0, RO_ACCESS), OW_UPDATE);
    case 'zunionInterDiffStoreGetKeys':
      return genericGetKeys(1, 2, 3, 1, argv, specFlags(specs, 1, RO_ACCESS), specFlags(specs, 0, OW_UPDATE));
    case 'setGetKeys': {
      // SET: the key flags depend on the GET option.
      for (let i = 3; i < argc; i++) if (eqi(argv[i], 'get')) return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
      return [{ pos: 1, flags: OW_UPDATE }];
    }
    case 'bitfieldGetKeys': {
      // BITFIELD: read-only unless a SET/INCRBY (or a syntax error) is present.
      let readonly = true;
      for (let i = 2; i < argc; i++) {
        const remargs = argc - i - 1;
        const arg = argv[i];
        if (eqi(arg, 'get') && remargs >= 2) i += 2;
        else if ((eqi(arg, 'set') || eqi(arg, 'incrby')) && remargs >= 3) {
          readonly = false;
          break;
        } else if (eqi(arg, 'overflow') && remargs >= 1) i += 1;
        else {
          readonly = false;
          break;
        }
      }
      return [{ pos: 1, flags: readonly ? RO_ACCESS : RW_ACCESS_UPDATE }];
    }
    case 'migrateGetKeys': {
      let first = 3;
      let num = 1;
      if (argc > 6) {
        for (let i = 6; i < argc; i++) {
          if (eqi(argv[i], 'keys')) {
            if (argv[3].length > 0) return []; // "Cannot use MIGRATE KEYS option when key is not empty"
            first = i + 1;
            num = argc - first;
            break;
          }
          if (eqi(argv[i], 'auth')) i += 1;
          else if (eqi(argv[i], 'auth2')) i += 2;
        }
      }
      const keys: KeyReference[] = [];
      for (let i = 0; i < num; i++) keys.push({ pos: first + i, flags: RW_ACCESS_DELETE });
      return keys;
    }
    case 'sortGetKeys': {
      const keys: KeyReference[] = [{ pos: 1, flags: RO_ACCESS }];
      let store: KeyReference | null = null;
      const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
      for (let i = 2; i < argc; i++) {
        const a = argv[i].toLowerCase();
        const n = skip[a];
        if (n !== undefined) i += n;
        else if (a === 'store' && i + 1 < argc) store = { pos: i + 1, flags: OW_UPDATE }; // the last STORE wins
      }
      if (store !== null) keys.push(store);
      return keys;
    }
    case 'sortROGetKeys':
      return [{ pos: 1, flags: RO_ACCESS }];
    case 'georadiusGetKeys': {
      let stored = -1;
      for (let i = 5; i < argc; i++) {
        if ((eqi(argv[i], 'store') || eqi(argv[i], 'storedist')) && i + 1 < argc) {
          stored = i + 1;
          i++;
        }
      }
      const keys: KeyReference[] = [{ pos: 1, flags: RO_ACCESS }];
      if (stored !== -1) keys.push({ pos: stored, flags: OW_UPDATE });
      return keys;
    }
    case 'xreadGetKeys': {
      // XREAD/XREADGROUP: the keys are the first half of the arguments after STREAMS.
      let streamsPos = -1;
      for (let i = 1; i < argc; i++) {
        if (eqi(argv[i], 'block') || eqi(argv[i], 'count')) i++;
        else if (eqi(argv[i], 'group')) i += 2;
        else if (eqi(argv[i], 'noack')) continue;
        else if (eqi(argv[i], 'streams')) {
          streamsPos = i;
          break;
        } else break;
      }
      if (streamsPos === -1) return [];
      const num = argc - streamsPos - 1;
      if (num === 0 || num % 2 !== 0) return [];
      const write = eqi(argv[0], 'xreadgroup');
      const keys: KeyReference[] = [];
      for (let i = streamsPos + 1; i < argc - num / 2; i++) keys.push({ pos: i, flags: write ? RW_ACCESS_UPDATE : RO_ACCESS });
      return keys;
    }
    default:
      return [];
  }
}
