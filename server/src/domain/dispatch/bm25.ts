// A small in-memory BM25 inverted index. Documents get dense ids in insertion order, so postings
// stay sorted without work and per-query accumulators can be flat typed arrays reused across
// queries: a query touches only the postings of its own terms, never the whole collection.

export interface QueryTerm {
  term: string;
  /** Multiplies the term's BM25 contribution (term kind, repetition). */
  weight: number;
  /** Arbitrary per-term mass summed over the terms a document matches; lets callers measure coverage. */
  mass: number;
}

export interface Hit {
  doc: number;
  score: number;
  /** Sum of `mass` of the query terms this document contains. */
  matched: number;
}

export interface Bm25Options {
  k1?: number;
  b?: number;
  /** In collections at least this large, skip terms found in more than `maxDfRatio` of documents
   *  (in Chinese, everyday characters like 小/区/楼): their IDF is low and their postings are the
   *  longest, so they dominate query time while barely changing the ranking. */
  pruneFromDocs?: number;
  maxDfRatio?: number;
}

interface Posting {
  docs: number[];
  tfs: number[];
}

export class Bm25Index {
  private readonly k1: number;
  private readonly b: number;
  private readonly pruneFromDocs: number;
  private readonly maxDfRatio: number;
  private readonly postings = new Map<string, Posting>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  // Derived per-search state, rebuilt lazily after documents are added.
  private lengthNorm = new Float64Array(0);
  private scores = new Float64Array(0);
  private matched = new Float64Array(0);
  private stamps = new Uint32Array(0);
  private touched = new Int32Array(0);
  private queryStamp = 0;
  private dirty = false;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.pruneFromDocs = options.pruneFromDocs ?? 1000;
    this.maxDfRatio = options.maxDfRatio ?? 0.25;
  }

  get documentCount(): number {
    return this.lengths.length;
  }

  /** Adds a document and returns its id (0, 1, 2, … in insertion order). */
  addDocument(tokens: readonly string[]): number {
    const doc = this.lengths.length;
    const tf = new Map<string, number>();
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    for (const [term, count] of tf) {
      let posting = this.postings.get(term);
      if (!posting) {
        posting = { docs: [], tfs: [] };
        this.postings.set(term, posting);
      }
      posting.docs.push(doc);
      posting.tfs.push(count);
    }
    this.lengths.push(tokens.length);
    this.totalLength += tokens.length;
    this.dirty = true;
    return doc;
  }

  documentFrequency(term: string): number {
    return this.postings.get(term)?.docs.length ?? 0;
  }

  idf(term: string): number {
    const n = this.lengths.length;
    const df = this.documentFrequency(term);
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private prepare(): void {
    if (!this.dirty) return;
    const n = this.lengths.length;
    const avg = n === 0 ? 1 : Math.max(this.totalLength / n, 1e-9);
    this.lengthNorm = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      this.lengthNorm[d] = this.k1 * (1 - this.b + (this.b * (this.lengths[d] ?? 0)) / avg);
    }
    this.scores = new Float64Array(n);
    this.matched = new Float64Array(n);
    this.stamps = new Uint32Array(n);
    this.touched = new Int32Array(n);
    this.queryStamp = 0;
    this.dirty = false;
  }

  /** The `limit` best documents for the query, best first. */
  search(query: readonly QueryTerm[], limit: number): Hit[] {
    this.prepare();
    const n = this.lengths.length;
    if (n === 0 || limit <= 0) return [];
    // Stamps mark which accumulator slots belong to this query, so nothing needs clearing between queries.
    this.queryStamp = (this.queryStamp + 1) >>> 0;
    if (this.queryStamp === 0) {
      this.stamps.fill(0);
      this.queryStamp = 1;
    }
    const stamp = this.queryStamp;
    const prune = n >= this.pruneFromDocs ? this.maxDfRatio * n : Infinity;
    let touchedCount = 0;
    const k1p1 = this.k1 + 1;
    for (const q of query) {
      const posting = this.postings.get(q.term);
      if (!posting || posting.docs.length > prune) continue;
      const df = posting.docs.length;
      const w = q.weight * Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const { docs, tfs } = posting;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i] as number;
        const tf = tfs[i] as number;
        const contribution = (w * tf * k1p1) / (tf + (this.lengthNorm[d] as number));
        if (this.stamps[d] !== stamp) {
          this.stamps[d] = stamp;
          this.scores[d] = contribution;
          this.matched[d] = q.mass;
          this.touched[touchedCount++] = d;
        } else {
          this.scores[d] = (this.scores[d] as number) + contribution;
          this.matched[d] = (this.matched[d] as number) + q.mass;
        }
      }
    }
    return this.topK(touchedCount, limit);
  }

  /** Bounded insertion into a small sorted buffer: limit is tens, touched can be tens of thousands. */
  private topK(touchedCount: number, limit: number): Hit[] {
    const best: Hit[] = [];
    for (let i = 0; i < touchedCount; i++) {
      const doc = this.touched[i] as number;
      const score = this.scores[doc] as number;
      const last = best[best.length - 1];
      if (best.length === limit && last && !ranksBefore(score, doc, last)) continue;
      let pos = best.length;
      while (pos > 0 && ranksBefore(score, doc, best[pos - 1] as Hit)) pos--;
      best.splice(pos, 0, { doc, score, matched: this.matched[doc] as number });
      if (best.length > limit) best.pop();
    }
    return best;
  }
}

/** Ties go to the lower document id, so results do not depend on the order of the query's terms. */
function ranksBefore(score: number, doc: number, other: Hit): boolean {
  return score > other.score || (score === other.score && doc < other.doc);
}
