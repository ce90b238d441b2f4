/**
 * The hash type (Redis 7.2 t_hash.c): "listpack" encoded while small (fields and values
 * kept as one flat array [f1, v1, f2, v2, ...] in insertion order, as a listpack keeps them),
 * "hashtable" once it exceeds hash-max-listpack-entries or a field/value is longer than
 * hash-max-listpack-value. The conversion is one-way, as in Redis.
 *
 * The hashtable encoding is a {@link Dict} so HSCAN keeps Redis's full-iteration guarantee
 * and HRANDFIELD picks a random entry in O(1). Listpack operations are O(n) with n bounded by
 * hash-max-listpack-entries, as in Redis.
 */
import { ObjType, type RedisObject } from './object.js';
import { Dict } from './dict.js';

/** Hash value. `lp` is used while listpack-encoded, `ht` afterwards (exactly one is non-null). */
export class HashObject implements RedisObject {
  readonly type = ObjType.Hash;
  /** Listpack form: [field0, value0, field1, value1, ...], insertion order; null once a hashtable. */
  lp: string[] | null = [];
  /** Hashtable form; null while listpack-encoded. */
  ht: Dict<string> | null = null;

  /** "listpack" or "hashtable". */
  encoding(): string {
    return this.lp !== null ? 'listpack' : 'hashtable';
  }

  /** Deep copy with the same encoding (COPY). */
  dup(): HashObject {
    const o = new HashObject();
    if (this.lp !== null) {
      o.lp = this.lp.slice();
    } else {
      o.lp = null;
      const d = new Dict<string>(false);
      const src = this.ht!;
      for (let i = 0; i < src.keys.length; i++) d.set(src.keys[i], src.vals[i]);
      o.ht = d;
    }
    return o;
  }

  /** Number of fields (Redis `hashTypeLength`), O(1). */
  get length(): number {
    return this.lp !== null ? this.lp.length >> 1 : this.ht!.size;
  }

  /** Position of `field`'s name in `lp`, or -1. */
  private lpFind(field: string): number {
    const lp = this.lp!;
    for (let i = 0; i < lp.length; i += 2) if (lp[i] === field) return i;
    return -1;
  }

  /** The value of `field`, or undefined (Redis `hashTypeGetValue`). */
  get(field: string): string | undefined {
    if (this.lp !== null) {
      const i = this.lpFind(field);
      return i < 0 ? undefined : this.lp[i + 1];
    }
    return this.ht!.get(field);
  }

  /** True when `field` exists. */
  has(field: string): boolean {
    return this.lp !== null ? this.lpFind(field) >= 0 : this.ht!.has(field);
  }

  /** Converts to the hashtable encoding (Redis `hashTypeConvert`); no-op when already one. */
  convertToHashtable(): void {
    const lp = this.lp;
    if (lp === null) return;
    const d = new Dict<string>(false);
    for (let i = 0; i < lp.length; i += 2) d.set(lp[i], lp[i + 1]);
    this.ht = d;
    this.lp = null;
  }

  /**
   * Sets `field` to `value` (Redis `hashTypeSet`): an existing field keeps its position; a
   * new one goes at the end. Converts to a hashtable first when the field or value is longer
   * than `maxValue`, and afterwards when the length exceeds `maxEntries`.
   * @returns true when the field existed (updated), false when it was added.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    if (this.lp !== null && (field.length > maxValue || value.length > maxValue)) this.convertToHashtable();
    const lp = this.lp;
    if (lp !== null) {
      const i = this.lpFind(field);
      if (i >= 0) {
        lp[i + 1] = value;
        return true;
      }
      lp.push(field, value);
      if (lp.length >> 1 > maxEntries) this.convertToHashtable();
      return false;
    }
    return !this.ht!.set(field, value);
  }

  /** Deletes `field` (Redis `hashTypeDelete`). @returns true when it existed. */
  delete(field: string): boolean {
    if (this.lp !== null) {
      const i = this.lpFind(field);
      if (i < 0) return false;
      this.lp.splice(i, 2);
      return true;
    }
    return this.ht!.delete(field);
  }

  /** Calls `fn` for every field and value, in encoding order (Redis `hashTypeNext`). */
  forEach(fn: (field: string, value: string) => void): void {
    if (this.lp !== null) {
      const lp = this.lp;
      for (let i = 0; i < lp.length; i += 2) fn(lp[i], lp[i + 1]);
    } else {
      const d = this.ht!;
      for (let i = 0; i < d.keys.length; i++) fn(d.keys[i], d.vals[i]);
    }
  }

  /** The field at position `i` (0 <= i < length) in encoding order. */
  fieldAt(i: number): string {
    return this.lp !== null ? this.lp[i * 2] : this.ht!.keys[i];
  }

  /** The value at position `i` (0 <= i < length) in encoding order. */
  valueAt(i: number): string {
    return this.lp !== null ? this.lp[i * 2 + 1] : this.ht!.vals[i];
  }
}
