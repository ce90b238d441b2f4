/**
 * MONITOR output (Redis `replicationFeedMonitors`): one status line per executed command,
 * `+<unix seconds>.<micros> [<db> <addr>] "arg" "arg"...`, with each argument escaped as
 * Redis's `sdscatrepr` does.
 */
import type { Client } from './client.js';
import { CLIENT_SCRIPT } from './client.js';

/**
 * Escapes bytes like Redis's `sdscatrepr`: `"` and `\` escaped, \n \r \t \a \b named,
 * other non-printable bytes as \xHH, wrapped in double quotes.
 */
export function sdscatrepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 92: out += '\\\\'; break;
      case 34: out += '\\"'; break;
      case 10: out += '\\n'; break;
      case 13: out += '\\r'; break;
      case 9: out += '\\t'; break;
      case 7: out += '\\a'; break;
      case 8: out += '\\b'; break;
      default:
        if (ch >= 32 && ch <= 126) out += s[i];
        else out += '\\x' + ch.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}

/** Formats one MONITOR line for `argv` executed by `c` at `timeMs` (Unix ms). */
export function formatMonitorLine(c: Client, argv: readonly string[], timeMs: number): string {
  // Redis prints the gettimeofday() of the feed: seconds and microseconds.
  const t = Math.max(timeMs, performance.timeOrigin + performance.now());
  const secs = Math.floor(t / 1000);
  const micros = Math.floor((t - secs * 1000) * 1000);
  let line = '+' + secs + '.' + String(micros).padStart(6, '0') + ' [' + c.db.id + ' ';
  if ((c.flags & CLIENT_SCRIPT) !== 0) line += 'lua';
  else if (c.socket === null) line += 'unix:';
  else line += c.addr;
  line += ']';
  for (const a of argv) line += ' ' + sdscatrepr(a);
  return line + '\r\n';
}
