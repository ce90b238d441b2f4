/**
 * Node's Buffer has fast latin1 codecs that @types/node does not declare. They are stable
 * native methods (used by Buffer.prototype.toString/write themselves); calling them directly
 * skips the argument validation and encoding lookup of the public wrappers on hot paths.
 */
declare global {
  interface Buffer {
    /** Decodes bytes [start, end) as a one-byte (latin1) string. */
    latin1Slice(start: number, end: number): string;
    /** Encodes a one-byte string into the buffer at `offset`. @returns bytes written. */
    latin1Write(s: string, offset: number, length?: number): number;
  }
}
export {};
