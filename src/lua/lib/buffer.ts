/**
 * Growable byte buffer for building one-byte strings (the luaL_Buffer of the libraries).
 *
 * Appending many small pieces to a JS string creates a rope of cons-strings that costs
 * far more in GC than the copy; this buffer copies bytes into one Buffer and makes a
 * flat latin1 string once at the end. Reusable: `reset()` keeps the storage.
 */
export class ByteBuffer {
  buf: Buffer;
  pos = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Empties the buffer (keeps its storage). */
  reset(): void {
    this.pos = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    if (size < need) size = need;
    const nb = Buffer.allocUnsafe(size);
    this.buf.copy(nb, 0, 0, this.pos);
    this.buf = nb;
  }

  /** Appends one byte (0..255). */
  addByte(c: number): void {
    if (this.pos >= this.buf.length) this.ensure(1);
    this.buf[this.pos++] = c;
  }

  /** Appends the bytes s[from..to). */
  addRange(s: string, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.ensure(n);
    if (n > 32) {
      this.pos += this.buf.write(from === 0 && to === s.length ? s : s.slice(from, to), this.pos, 'latin1');
    } else {
      const b = this.buf;
      let p = this.pos;
      for (let i = from; i < to; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    }
  }

  /** Appends a whole one-byte string. */
  addString(s: string): void {
    const n = s.length;
    if (n === 0) return;
    this.ensure(n);
    if (n > 32) {
      this.pos += this.buf.write(s, this.pos, 'latin1');
    } else {
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
    }
  }

  /** The contents as a one-byte string. */
  toString(): string {
    return this.buf.toString('latin1', 0, this.pos);
  }
}
