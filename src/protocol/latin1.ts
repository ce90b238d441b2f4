/**
 * Short latin1 strings from bytes without a native call.
 *
 * `Buffer#latin1Slice` crosses into C++ for every string; for the short arguments that make
 * up most requests (keys, field names, numbers, small values) that crossing costs more than
 * the copy. `String.fromCharCode` with one argument per byte is a V8 builtin that builds a
 * flat one-byte string in place, several times cheaper up to {@link LATIN1_SHORT_MAX} bytes
 * (measured by bench/dispatch.ts).
 */

/** The longest byte run {@link latin1Short} handles, bytes. */
export const LATIN1_SHORT_MAX = 16;

const fcc = String.fromCharCode;

/**
 * The latin1 string of bytes [p, p + n) of `b` (one char per byte, as `latin1Slice`).
 * @param n 0..LATIN1_SHORT_MAX; longer runs must use `b.latin1Slice`.
 */
export function latin1Short(b: Uint8Array, p: number, n: number): string {
  switch (n) {
    case 0:
      return '';
    case 1:
      return fcc(b[p]);
    case 2:
      return fcc(b[p], b[p + 1]);
    case 3:
      return fcc(b[p], b[p + 1], b[p + 2]);
    case 4:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    case 6:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
    case 7:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6]);
    case 8:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    case 9:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8]);
    case 10:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9]);
    case 11:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10]);
    case 12:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11]);
    case 13:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12]);
    case 14:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13]);
    case 15:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14]);
    case 16:
      return fcc(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5], b[p + 6], b[p + 7], b[p + 8], b[p + 9], b[p + 10], b[p + 11], b[p + 12], b[p + 13], b[p + 14], b[p + 15]);
    default:
      throw new RangeError('latin1Short: length ' + n + ' out of range');
  }
}
