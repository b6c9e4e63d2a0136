import type { Passage } from './passages';

export interface Hit {
  id: number;
  coverage: number;
}

/** A token's postings (ascending passage ids) and its idf, kept together: one lookup per query token. */
interface TermEntry {
  list: Int32Array;
  idf: number;
}

/**
 * An inverted index over passages: token → postings. Scoring a query touches only the postings of
 * its own tokens (accumulated in a reused typed array), so cost grows with the passages that share
 * words with it, never with all passages times all queries.
 */
export class TermIndex {
  private readonly terms = new Map<string, TermEntry>();
  private readonly unseenIdf: number;
  private readonly accumulator: Float64Array;
  private readonly touched: Int32Array;
  /** The bonus of a search given none (adding 0 leaves a sum exactly as it was). */
  private readonly zeros: Float64Array;
  readonly size: number;

  constructor(readonly passages: Passage[]) {
    this.size = passages.length;
    // One map lookup per (passage, token): each token's passage ids collect in a plain array (in
    // ascending id order, as passages come), then become its typed postings list.
    const ids = new Map<string, number[]>();
    for (const p of passages) {
      for (const t of p.terms) {
        const list = ids.get(t);
        if (list === undefined) ids.set(t, [p.id]);
        else list.push(p.id);
      }
    }
    for (const [t, list] of ids)
      this.terms.set(t, {
        list: Int32Array.from(list),
        idf: Math.log(1 + (this.size - list.length + 0.5) / (list.length + 0.5)),
      });
    this.unseenIdf = Math.log(1 + (this.size + 0.5) / 0.5);
    this.accumulator = new Float64Array(this.size);
    this.touched = new Int32Array(this.size);
    this.zeros = new Float64Array(this.size);
  }

  df(token: string): number {
    return this.terms.get(token)?.list.length ?? 0;
  }

  /** BM25's idf: rare tokens weigh most, a token in every passage weighs almost nothing. */
  idf(token: string): number {
    return this.terms.get(token)?.idf ?? this.unseenIdf;
  }

  /**
   * Passages whose IDF-weighted share of the query's tokens (0–1), plus their `bonus` if given, is
   * at least `min`, in no particular order. A plain sum over postings into a reused typed array:
   * exact, and linear in the postings the query touches. When they outnumber half the passages,
   * the sum keeps no list of touched passages and the accumulator is swept once instead (the
   * bookkeeping cost more than the sweep). (Max-score pruning of common tokens was measured slower
   * on the benchmark, twice: checking the candidates cost more than the postings it skipped.)
   */
  search(query: Set<string>, min = 0, bonus?: Float64Array, bonusIds: ArrayLike<number> = []): Hit[] {
    let total = 0;
    const lists: Int32Array[] = [];
    const shares: number[] = [];
    for (const token of query) {
      const entry = this.terms.get(token);
      if (entry) {
        total += entry.idf;
        lists.push(entry.list);
        shares.push(entry.idf);
      } else total += this.unseenIdf;
    }
    if (total === 0) return [];
    for (let k = 0; k < shares.length; k++) shares[k] /= total;
    let postings = 0;
    for (const list of lists) postings += list.length;
    const extra = bonus ?? this.zeros;
    return postings * 2 >= this.size
      ? this.sumDense(lists, shares, min, extra, bonusIds)
      : this.sumSparse(lists, shares, min, extra, bonusIds);
  }

  // The two sums are methods of their own, with the keep test written out in their loops rather
  // than called as a closure: on the benchmark's dense queries that took a fifth off the search.

  /** Most passages get touched: sum without bookkeeping, then sweep the accumulator once. */
  private sumDense(
    lists: Int32Array[],
    shares: number[],
    min: number,
    extra: Float64Array,
    bonusIds: ArrayLike<number>,
  ): Hit[] {
    const acc = this.accumulator;
    const size = this.size;
    for (let i = 0; i < bonusIds.length; i++) if (acc[bonusIds[i]] === 0) acc[bonusIds[i]] = Number.MIN_VALUE;
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k];
      const share = shares[k];
      for (let i = 0; i < list.length; i++) acc[list[i]] += share;
    }
    const hits: Hit[] = [];
    for (let id = 0; id < size; id++) {
      const a = acc[id];
      if (a === 0) continue;
      if (a + extra[id] >= min) hits.push({ id, coverage: a });
      acc[id] = 0;
    }
    return hits;
  }

  /** Few passages get touched: remember which, and visit only those. */
  private sumSparse(
    lists: Int32Array[],
    shares: number[],
    min: number,
    extra: Float64Array,
    bonusIds: ArrayLike<number>,
  ): Hit[] {
    const acc = this.accumulator;
    const touched = this.touched;
    let count = 0;
    for (let i = 0; i < bonusIds.length; i++) {
      const id = bonusIds[i];
      if (acc[id] === 0) {
        touched[count++] = id;
        acc[id] = Number.MIN_VALUE;
      }
    }
    for (let k = 0; k < lists.length; k++) {
      const list = lists[k];
      const share = shares[k];
      for (let i = 0; i < list.length; i++) {
        const id = list[i];
        if (acc[id] === 0) touched[count++] = id;
        acc[id] += share;
      }
    }
    const hits: Hit[] = [];
    for (let i = 0; i < count; i++) {
      const id = touched[i];
      const a = acc[id];
      if (a + extra[id] >= min) hits.push({ id, coverage: a });
      acc[id] = 0;
    }
    return hits;
  }

  /**
   * Passages containing every token of `tokens`: the shortest postings list, each of its ids
   * looked up in the others by binary search (postings are ascending passage ids), so the cost
   * follows the shortest list, not the longest.
   */
  containingAll(tokens: string[]): Int32Array {
    const lists = tokens.map((t) => this.terms.get(t)?.list);
    if (lists.length === 0 || lists.some((l) => !l)) return new Int32Array(0);
    const sorted = (lists as Int32Array[]).sort((a, b) => a.length - b.length);
    const rest = sorted.slice(1);
    return sorted[0].filter((id) => rest.every((list) => includesSorted(list, id)));
  }
}

/** Whether ascending `list` holds `id`. */
function includesSorted(list: Int32Array, id: number): boolean {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === id) return true;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
