/**
 * Redis's zskiplist (t_zset.c `zsl*`): a skiplist ordered by (score, member) with span widths
 * on every forward link, so rank queries and seeks by rank are O(log N).
 *
 * Levels are drawn with p = 1/4 up to 32 (ZSKIPLIST_P, ZSKIPLIST_MAXLEVEL). Members are
 * one-byte strings compared bytewise (JS `<` on latin1 strings equals memcmp + length, as
 * sdscmp). Ranks here are 1-based like Redis's zslGetRank; callers convert.
 *
 * Layout (for cache locality at millions of members): nodes are integer ids into one
 * Float64Array of fixed-size records [score, backward, fwd0..fwd3, span0..span3,
 * fwdScore0..fwdScore3]; the rare levels >= 4 (1 node in 256) live in a per-node side array.
 * Each link also caches the score of the node it points to, so a search step that does not
 * advance (the comparison fails and the search drops a level) touches no other node. A step
 * touches one record instead of a chain of JS objects (node -> array -> elements -> boxed
 * score). Id 0 is the header; NIL (-1) is the null link. Freed ids are reused.
 */

/** ZSKIPLIST_MAXLEVEL. */
export const ZSKIPLIST_MAXLEVEL = 32;

/** A numeric score interval (Redis `zrangespec`). */
export interface ScoreRange {
  min: number;
  max: number;
  /** Exclusive bounds ("(" prefix). */
  minex: boolean;
  maxex: boolean;
}

/** Lex bound kinds: a string bound, "-" (below everything), "+" (above everything). */
export const LEX_STR = 0;
export const LEX_MIN = -1;
export const LEX_MAX = 1;

/** A lexicographic interval (Redis `zlexrangespec`); "-"/"+" bounds are always exclusive. */
export interface LexRange {
  min: string;
  max: string;
  /** LEX_STR, LEX_MIN ("-") or LEX_MAX ("+"). */
  minKind: number;
  maxKind: number;
  minex: boolean;
  maxex: boolean;
}

/** Redis `zslValueGteMin`. */
export function valueGteMin(v: number, r: ScoreRange): boolean {
  return r.minex ? v > r.min : v >= r.min;
}
/** Redis `zslValueLteMax`. */
export function valueLteMax(v: number, r: ScoreRange): boolean {
  return r.maxex ? v < r.max : v <= r.max;
}

/** Redis `sdscmplex` of a member against a bound of kind `kind`. */
function cmpLex(a: string, b: string, kind: number): number {
  if (kind === LEX_MIN) return 1;
  if (kind === LEX_MAX) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Redis `zslLexValueGteMin`. */
export function lexGteMin(v: string, r: LexRange): boolean {
  const c = cmpLex(v, r.min, r.minKind);
  return r.minex ? c > 0 : c >= 0;
}
/** Redis `zslLexValueLteMax`. */
export function lexLteMax(v: string, r: LexRange): boolean {
  const c = cmpLex(v, r.max, r.maxKind);
  return r.maxex ? c < 0 : c <= 0;
}

/** True when a score range can never match anything (min > max, or equal with an open end). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex));
}

/** True when a lex range can never match anything (Redis zslIsInLexRange's first test). */
export function lexRangeEmpty(r: LexRange): boolean {
  let cmp: number;
  if (r.minKind === r.maxKind && r.minKind !== LEX_STR) cmp = 0;
  else if (r.minKind === LEX_MIN || r.maxKind === LEX_MAX) cmp = -1;
  else if (r.minKind === LEX_MAX || r.maxKind === LEX_MIN) cmp = 1;
  else cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0;
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex));
}

/** The null node id. */
export const NIL = -1;
const REC = 14; // record stride: score, backward, fwd0..3, span0..3, fwdScore0..3
const INLINE = 4; // levels stored inline in the record
const UP = 3; // per extra level: fwd, span, fwdScore

/** The skiplist (Redis `zskiplist`); nodes are ids, see the file comment. */
export class ZSkiplist {
  /** Records: [score, backward, fwd0..3, span0..3, fwdScore0..3] per id. */
  private rec: Float64Array;
  /** Member of each id. */
  private eles: string[];
  /** Level of each id. */
  private lvl: Uint8Array;
  /** Levels >= 4: [fwd, span, fwdScore] per extra level, or undefined. */
  private upper: Array<Float64Array | undefined>;
  /** Free ids. */
  private free: number[] = [];
  /** Next never-used id. */
  private top = 1;
  /** Tail node id, or NIL. */
  tail = NIL;
  /** Number of elements. */
  length = 0;
  /** Current max level. */
  level = 1;
  /** The node found by the last first/last-in-range seek (NIL when none): lets a range walk start without a second descent. */
  seekNode = NIL;
  private readonly update: Int32Array = new Int32Array(ZSKIPLIST_MAXLEVEL);
  private readonly rank: Float64Array = new Float64Array(ZSKIPLIST_MAXLEVEL);

  constructor(capacity = 16) {
    const cap = Math.max(capacity, 2);
    this.rec = new Float64Array(cap * REC);
    this.eles = new Array<string>(cap);
    this.lvl = new Uint8Array(cap);
    this.upper = new Array<Float64Array | undefined>(cap);
    // header: id 0, all levels, links NIL, spans 0
    this.lvl[0] = ZSKIPLIST_MAXLEVEL;
    this.eles[0] = '';
    this.rec[1] = NIL;
    for (let i = 0; i < INLINE; i++) this.rec[2 + i] = NIL;
    const up = new Float64Array((ZSKIPLIST_MAXLEVEL - INLINE) * UP);
    for (let i = 0; i < ZSKIPLIST_MAXLEVEL - INLINE; i++) up[i * UP] = NIL;
    this.upper[0] = up;
  }

  private grow(): void {
    const cap = this.lvl.length * 2;
    const rec = new Float64Array(cap * REC);
    rec.set(this.rec);
    this.rec = rec;
    const lvl = new Uint8Array(cap);
    lvl.set(this.lvl);
    this.lvl = lvl;
    this.eles.length = cap;
    this.upper.length = cap;
  }

  private alloc(level: number, score: number, ele: string): number {
    let id: number;
    if (this.free.length > 0) id = this.free.pop()!;
    else {
      if (this.top >= this.lvl.length) this.grow();
      id = this.top++;
    }
    const b = id * REC;
    const rec = this.rec;
    rec[b] = score;
    rec[b + 1] = NIL;
    for (let i = 0; i < INLINE; i++) {
      rec[b + 2 + i] = NIL;
      rec[b + 6 + i] = 0;
    }
    this.lvl[id] = level;
    this.eles[id] = ele;
    if (level > INLINE) {
      const up = new Float64Array((level - INLINE) * UP);
      for (let i = 0; i < level - INLINE; i++) up[i * UP] = NIL;
      this.upper[id] = up;
    } else {
      this.upper[id] = undefined;
    }
    return id;
  }

  private release(id: number): void {
    this.eles[id] = '';
    this.upper[id] = undefined;
    this.free.push(id);
  }

  /** Forward link of node `x` at level `i`. */
  fwd(x: number, i: number): number {
    return i < INLINE ? this.rec[x * REC + 2 + i] : this.upper[x]![(i - INLINE) * UP];
  }
  /** Sets the forward link of `x` at level `i` to `v`, caching v's score in the link. */
  private setFwd(x: number, i: number, v: number): void {
    const sc = v === NIL ? 0 : this.rec[v * REC];
    if (i < INLINE) {
      this.rec[x * REC + 2 + i] = v;
      this.rec[x * REC + 10 + i] = sc;
    } else {
      const up = this.upper[x]!;
      up[(i - INLINE) * UP] = v;
      up[(i - INLINE) * UP + 2] = sc;
    }
  }
  /** The cached score of the node `x` links to at level `i` (valid when the link is not NIL). */
  private fwdScore(x: number, i: number): number {
    return i < INLINE ? this.rec[x * REC + 10 + i] : this.upper[x]![(i - INLINE) * UP + 2];
  }
  private setFwdScore(x: number, i: number, sc: number): void {
    if (i < INLINE) this.rec[x * REC + 10 + i] = sc;
    else this.upper[x]![(i - INLINE) * UP + 2] = sc;
  }
  /** Span of node `x` at level `i`. */
  span(x: number, i: number): number {
    return i < INLINE ? this.rec[x * REC + 6 + i] : this.upper[x]![(i - INLINE) * UP + 1];
  }
  private setSpan(x: number, i: number, v: number): void {
    if (i < INLINE) this.rec[x * REC + 6 + i] = v;
    else this.upper[x]![(i - INLINE) * UP + 1] = v;
  }

  /** First node (lowest), or NIL. */
  first(): number {
    return this.rec[2];
  }
  /** Next node at level 0, or NIL. */
  next(x: number): number {
    return this.rec[x * REC + 2];
  }
  /** Previous node, or NIL. */
  prev(x: number): number {
    return this.rec[x * REC + 1];
  }
  /** The member of node `x`. */
  eleOf(x: number): string {
    return this.eles[x];
  }
  /** The score of node `x`. */
  scoreOf(x: number): number {
    return this.rec[x * REC];
  }
  /** Level of node `x` (tests). */
  levelOf(x: number): number {
    return this.lvl[x];
  }

  /** Redis `zslRandomLevel`. */
  private randomLevel(): number {
    let level = 1;
    while (level < ZSKIPLIST_MAXLEVEL && Math.random() < 0.25) level++;
    return level;
  }

  /** True when the node linked from `x` at level `i` (`f`) orders before (score, ele). */
  private before(x: number, i: number, f: number, score: number, ele: string): boolean {
    const fs = this.fwdScore(x, i);
    return fs < score || (fs === score && this.eles[f] < ele);
  }

  /** Inserts a member that is not present (Redis `zslInsert`). @returns the new node id. */
  insert(score: number, ele: string): number {
    const update = this.update;
    const rank = this.rank;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      rank[i] = i === this.level - 1 ? 0 : rank[i + 1];
      let f = this.fwd(x, i);
      while (f !== NIL && this.before(x, i, f, score, ele)) {
        rank[i] += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
      update[i] = x;
    }
    const level = this.randomLevel();
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rank[i] = 0;
        update[i] = 0;
        this.setSpan(0, i, this.length);
      }
      this.level = level;
    }
    const n = this.alloc(level, score, ele);
    for (let i = 0; i < level; i++) {
      const u = update[i];
      this.setFwd(n, i, this.fwd(u, i));
      this.setFwd(u, i, n);
      this.setSpan(n, i, this.span(u, i) - (rank[0] - rank[i]));
      this.setSpan(u, i, rank[0] - rank[i] + 1);
    }
    for (let i = level; i < this.level; i++) this.setSpan(update[i], i, this.span(update[i], i) + 1);
    this.rec[n * REC + 1] = update[0] === 0 ? NIL : update[0];
    const f0 = this.fwd(n, 0);
    if (f0 !== NIL) this.rec[f0 * REC + 1] = n;
    else this.tail = n;
    this.length++;
    return n;
  }

  /** Unlinks `x` given the per-level predecessors in `update` (Redis `zslDeleteNode`). */
  private deleteNode(x: number): void {
    const update = this.update;
    for (let i = 0; i < this.level; i++) {
      const u = update[i];
      if (this.fwd(u, i) === x) {
        this.setSpan(u, i, this.span(u, i) + this.span(x, i) - 1);
        this.setFwd(u, i, this.fwd(x, i));
      } else {
        this.setSpan(u, i, this.span(u, i) - 1);
      }
    }
    const f0 = this.fwd(x, 0);
    const bw = this.rec[x * REC + 1];
    if (f0 !== NIL) this.rec[f0 * REC + 1] = bw;
    else this.tail = bw;
    while (this.level > 1 && this.fwd(0, this.level - 1) === NIL) this.level--;
    this.length--;
  }

  /** Fills `update` with the predecessors of (score, ele); returns the level-0 successor. */
  private seek(score: number, ele: string): number {
    const update = this.update;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && this.before(x, i, f, score, ele)) {
        x = f;
        f = this.fwd(x, i);
      }
      update[i] = x;
    }
    return this.fwd(x, 0);
  }

  /** Deletes the node with this score and member (Redis `zslDelete`). @returns true if found. */
  delete(score: number, ele: string): boolean {
    const t = this.seek(score, ele);
    if (t !== NIL && this.rec[t * REC] === score && this.eles[t] === ele) {
      this.deleteNode(t);
      this.release(t);
      return true;
    }
    return false;
  }

  /**
   * Changes a member's score (Redis `zslUpdateScore`): in place when the order is unchanged,
   * otherwise delete + insert. @returns the node id.
   */
  updateScore(curscore: number, ele: string, newscore: number): number {
    const node = this.seek(curscore, ele);
    const bw = this.rec[node * REC + 1];
    const fw = this.fwd(node, 0);
    if ((bw === NIL || this.rec[bw * REC] < newscore) && (fw === NIL || this.rec[fw * REC] > newscore)) {
      this.rec[node * REC] = newscore;
      const update = this.update;
      const lv = this.lvl[node];
      for (let i = 0; i < lv; i++) this.setFwdScore(update[i], i, newscore);
      return node;
    }
    this.deleteNode(node);
    this.release(node);
    return this.insert(newscore, ele);
  }

  /** 1-based rank of (score, ele), 0 when absent (Redis `zslGetRank`). */
  getRank(score: number, ele: string): number {
    let rank = 0;
    let x = 0;
    const eles = this.eles;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL) {
        const fs = this.fwdScore(x, i);
        if (!(fs < score || (fs === score && eles[f] <= ele))) break;
        rank += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
      if (x !== 0 && eles[x] === ele) return rank;
    }
    return 0;
  }

  /** The node at 1-based `rank`, or NIL (Redis `zslGetElementByRank`). */
  getByRank(rank: number): number {
    let traversed = 0;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && traversed + this.span(x, i) <= rank) {
        traversed += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
      if (traversed === rank) return x === 0 ? NIL : x;
    }
    return NIL;
  }

  /** Redis `zslIsInRange`. */
  isInRange(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r)) return false;
    const t = this.tail;
    if (t === NIL || !valueGteMin(this.rec[t * REC], r)) return false;
    const h = this.first();
    if (h === NIL || !valueLteMax(this.rec[h * REC], r)) return false;
    return true;
  }

  /** 0-based rank of the first node within `r`, or -1 (Redis `zslFirstInRange`). */
  firstInRange(r: ScoreRange): number {
    if (!this.isInRange(r)) return -1;
    let x = 0;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && !valueGteMin(this.fwdScore(x, i), r)) {
        rank += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
    }
    const n = this.fwd(x, 0);
    if (n === NIL || !valueLteMax(this.rec[n * REC], r)) return -1;
    this.seekNode = n;
    return rank;
  }

  /** 0-based rank of the last node within `r`, or -1 (Redis `zslLastInRange`). */
  lastInRange(r: ScoreRange): number {
    if (!this.isInRange(r)) return -1;
    let x = 0;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && valueLteMax(this.fwdScore(x, i), r)) {
        rank += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
    }
    if (x === 0 || !valueGteMin(this.rec[x * REC], r)) return -1;
    this.seekNode = x;
    return rank - 1;
  }

  /** Redis `zslIsInLexRange`. */
  isInLexRange(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false;
    const t = this.tail;
    if (t === NIL || !lexGteMin(this.eles[t], r)) return false;
    const h = this.first();
    if (h === NIL || !lexLteMax(this.eles[h], r)) return false;
    return true;
  }

  /** 0-based rank of the first node within lex range `r`, or -1 (Redis `zslFirstInLexRange`). */
  firstInLexRange(r: LexRange): number {
    if (!this.isInLexRange(r)) return -1;
    let x = 0;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && !lexGteMin(this.eles[f], r)) {
        rank += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
    }
    const n = this.fwd(x, 0);
    if (n === NIL || !lexLteMax(this.eles[n], r)) return -1;
    this.seekNode = n;
    return rank;
  }

  /** 0-based rank of the last node within lex range `r`, or -1 (Redis `zslLastInLexRange`). */
  lastInLexRange(r: LexRange): number {
    if (!this.isInLexRange(r)) return -1;
    let x = 0;
    let rank = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && lexLteMax(this.eles[f], r)) {
        rank += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
    }
    if (x === 0 || !lexGteMin(this.eles[x], r)) return -1;
    this.seekNode = x;
    return rank - 1;
  }

  /**
   * Deletes the nodes of 1-based ranks [start, end] (Redis `zslDeleteRangeByRank`), calling
   * `onDelete(ele)` for each. @returns the number removed.
   */
  deleteRangeByRank(start: number, end: number, onDelete: (ele: string) => void): number {
    const update = this.update;
    let traversed = 0;
    let x = 0;
    for (let i = this.level - 1; i >= 0; i--) {
      let f = this.fwd(x, i);
      while (f !== NIL && traversed + this.span(x, i) < start) {
        traversed += this.span(x, i);
        x = f;
        f = this.fwd(x, i);
      }
      update[i] = x;
    }
    traversed++;
    let n = this.fwd(x, 0);
    let removed = 0;
    while (n !== NIL && traversed <= end) {
      const next = this.fwd(n, 0);
      const ele = this.eles[n];
      this.deleteNode(n);
      this.release(n);
      onDelete(ele);
      removed++;
      traversed++;
      n = next;
    }
    return removed;
  }
}
