/**
 * The fake client scripts run commands with (Redis `lctx.lua_client`), with a shortcut for
 * the common replies: a command whose whole reply is one scalar (a bulk string, an integer,
 * +OK or another status, a null) leaves it as a value instead of RESP text, and
 * redis.call turns it into the Lua value directly, skipping the encode + parse round trip.
 * Anything else (aggregates, errors, doubles, RESP3 types) goes through the ordinary reply
 * buffer and is parsed back as before (convert.ts ReplyToLua), so the Lua values are the
 * same either way:
 *
 *   bulk -> string; integer -> number; +OK / status -> {ok=s}; RESP2 null ($-1, *-1)
 *   -> false; RESP3 null (_) -> nil.
 *
 * A held scalar is written out as RESP (materialized) as soon as anything else is added
 * to the reply, so the buffer always reads as the exact protocol stream.
 */
import { Client, CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP } from '../server/client.js';
import type { RedisServer } from '../server/server.js';

const SUPPRESS = CLIENT_REPLY_OFF | CLIENT_REPLY_SKIP;

/** No held value. */
export const DV_NONE = 0;
/** A bulk string (dstr). */
export const DV_BULK = 1;
/** An integer (dnum). */
export const DV_INT = 2;
/** A status reply (dstr; "OK" for +OK). */
export const DV_STATUS = 3;
/** A RESP2 null ($-1 or *-1): Lua false. */
export const DV_FALSE = 4;
/** A RESP3 null (_): Lua nil. */
export const DV_NIL = 5;

/** The script client (see the module comment). */
export class ScriptClient extends Client {
  /** DV_* kind of the held reply, DV_NONE when the reply (if any) is in `reply`. */
  dkind = DV_NONE;
  /** The held string (DV_BULK, DV_STATUS). */
  dstr = '';
  /** The held integer (DV_INT). */
  dnum = 0;
  /** The held reply's RESP text when it came as text (written back verbatim), else ''. */
  private draw = '';

  constructor(server: RedisServer, id: number) {
    super(server, null, id);
  }

  /** True when a new scalar reply can be held instead of written. */
  private canHold(): boolean {
    return this.dkind === DV_NONE && this.reply.length === 0 && (this.flags & SUPPRESS) === 0;
  }

  /** Writes the held value out as RESP (something else is being added to the reply). */
  private materialize(): void {
    const k = this.dkind;
    this.dkind = DV_NONE;
    let s = this.draw;
    this.draw = '';
    if (s !== '') {
      this.dstr = '';
      super.addReplyProto(s);
      return;
    }
    switch (k) {
      case DV_BULK:
        s = '$' + this.dstr.length + '\r\n' + this.dstr + '\r\n';
        break;
      case DV_INT:
        s = ':' + this.dnum + '\r\n';
        break;
      case DV_STATUS:
        s = '+' + this.dstr + '\r\n';
        break;
      case DV_FALSE:
        s = '$-1\r\n';
        break;
      default:
        s = '_\r\n';
        break;
    }
    this.dstr = '';
    super.addReplyProto(s);
  }

  /** Drops a held value (the reply was taken or the client reset). */
  clearHeld(): void {
    this.dkind = DV_NONE;
    this.dstr = '';
    this.draw = '';
  }

  override addReplyProto(s: string): void {
    if (this.dkind !== DV_NONE) this.materialize();
    else if (this.reply.length === 0 && (this.flags & SUPPRESS) === 0 && this.holdProto(s)) return;
    super.addReplyProto(s);
  }

  /**
   * Holds `s` when it is exactly one scalar reply (commands that write their RESP text
   * directly, e.g. GET). @returns false to write it as usual.
   */
  private holdProto(s: string): boolean {
    const n = s.length;
    const t = s.charCodeAt(0);
    if (t === 36) {
      // $<len>\r\n<bytes>\r\n or $-1\r\n
      let p = 1;
      let len = 0;
      let c = s.charCodeAt(p);
      if (c === 45) {
        if (n !== 5 || s.charCodeAt(2) !== 49) return false;
        this.dkind = DV_FALSE;
        this.draw = s;
        return true;
      }
      while (c >= 48 && c <= 57) {
        len = len * 10 + (c - 48);
        c = s.charCodeAt(++p);
      }
      if (p === 1 || c !== 13 || n !== p + 4 + len) return false;
      this.dkind = DV_BULK;
      this.dstr = s.slice(p + 2, p + 2 + len);
      this.draw = s;
      return true;
    }
    if (t === 58 || t === 43) {
      // :<n>\r\n or +<status>\r\n (a single line)
      const eol = s.indexOf('\r');
      if (eol !== n - 2) return false;
      if (t === 43) {
        this.dkind = DV_STATUS;
        this.dstr = s.slice(1, eol);
      } else {
        this.dkind = DV_INT;
        this.dnum = Number(s.slice(1, eol));
      }
      this.draw = s;
      return true;
    }
    if (t === 95 && n === 3) {
      this.dkind = DV_NIL;
      this.draw = s;
      return true;
    }
    return false;
  }

  override addReplyPushProto(s: string): void {
    if (this.dkind !== DV_NONE) this.materialize();
    super.addReplyPushProto(s);
  }

  override addReplyDeferredLen(): number {
    if (this.dkind !== DV_NONE) this.materialize();
    return super.addReplyDeferredLen();
  }

  override takeReply(): string {
    if (this.dkind !== DV_NONE) this.materialize();
    return super.takeReply();
  }

  override flush(): void {
    if (this.dkind !== DV_NONE) this.materialize();
    super.flush();
  }

  override addReplyBulk(s: string): void {
    if (this.canHold()) {
      this.dkind = DV_BULK;
      this.dstr = s;
      return;
    }
    super.addReplyBulk(s);
  }

  override addReplyLongLong(n: number | bigint): void {
    if (this.canHold()) {
      this.dkind = DV_INT;
      // as the RESP text ':<n>' parses back: -0 prints "0", a bigint rounds to nearest
      this.dnum = typeof n === 'number' ? (n === 0 ? 0 : n) : Number(n);
      return;
    }
    super.addReplyLongLong(n);
  }

  override addReplyOk(): void {
    if (this.canHold()) {
      this.dkind = DV_STATUS;
      this.dstr = 'OK';
      return;
    }
    super.addReplyOk();
  }

  override addReplyStatus(s: string): void {
    if (this.canHold()) {
      this.dkind = DV_STATUS;
      this.dstr = s;
      return;
    }
    super.addReplyStatus(s);
  }

  override addReplyNull(): void {
    if (this.canHold()) {
      this.dkind = this.resp === 2 ? DV_FALSE : DV_NIL;
      return;
    }
    super.addReplyNull();
  }

  override addReplyNullArray(): void {
    if (this.canHold()) {
      if (this.resp === 2) {
        this.dkind = DV_FALSE;
        this.draw = '*-1\r\n';
      } else {
        this.dkind = DV_NIL;
      }
      return;
    }
    super.addReplyNullArray();
  }
}
