// Dispatch suggestions: which departments should get a request, best first. Three sources vote:
// the responsibility list (matters), precedents (settled disputes, "one case settles a class of
// cases"), and resolved history (where similar past tickets finally ended up after any returns).
//
// BM25 scores from different indexes are not comparable (different sizes, vocabularies, lengths),
// so each hit is converted to a strength in [0, 1]: the share of the query's information
// (weights × IDF over all sources together) that the document contains, scaled by its BM25 rank
// relative to the source's best hit. Strengths of different sources can then be weighted and added.
import { Bm25Index, type Hit, type QueryTerm } from "./bm25.js";
import { normalizeText, queryTermWeights, tokenize } from "./tokenize.js";

export interface MatterDoc {
  matterId: number;
  departmentId: number;
  name: string;
  keywords: string[];
  legalBasis: string;
  domain: string;
}

export interface PrecedentDoc {
  precedentId: number;
  departmentId: number;
  matterId: number | null;
  title: string;
  summary: string;
  keywords: string[];
}

export interface HistoryDoc {
  departmentId: number;
  matterId: number | null;
  text: string;
}

export interface Suggestion {
  departmentId: number;
  matterId: number | null;
  legalBasis: string | null;
  precedentId: number | null;
  score: number;
  reason: string;
}

export interface DispatchSuggesterOptions {
  matterWeight?: number;
  /** Precedents are binding rulings, so by default they outweigh the list they refine. */
  precedentWeight?: number;
  historyWeight?: number;
  /** How many similar history texts vote (kNN). */
  neighbors?: number;
  /** Softness of the neighbour vote: smaller lets the nearest neighbours dominate. */
  temperature?: number;
  /** Share of a listed matter's claim that a precedent reassigning that matter can take away. */
  overrideShare?: number;
  /** Matter and precedent hits considered per query. */
  candidates?: number;
  /** Departments scoring below this are chance matches on a stray character and are dropped. */
  minScore?: number;
  /** Departments scoring below this fraction of the best one are dropped as noise too. */
  minRelativeScore?: number;
}

const DEFAULTS: Required<DispatchSuggesterOptions> = {
  matterWeight: 1,
  precedentWeight: 2,
  historyWeight: 1,
  neighbors: 30,
  temperature: 0.1,
  overrideShare: 0.6,
  candidates: 60,
  minScore: 0.01,
  minRelativeScore: 0.1,
};

/** Identical texts share one history document; each remembers which departments resolved it. */
interface HistoryGroup {
  total: number;
  departments: Map<number, { count: number; matters: Map<number, number> }>;
}

interface DepartmentTally {
  matter: { strength: number; doc: MatterDoc } | null;
  precedent: { strength: number; doc: PrecedentDoc } | null;
  historyVotes: number;
  similarTickets: number;
  historyMatters: Map<number, number>;
}

interface Strengthened {
  hit: Hit;
  strength: number;
}

export class DispatchSuggester {
  private readonly opts: Required<DispatchSuggesterOptions>;
  private readonly matterIndex = new Bm25Index();
  private readonly matterDocs: MatterDoc[] = [];
  private readonly mattersById = new Map<number, MatterDoc>();
  private readonly precedentIndex = new Bm25Index();
  private readonly precedentDocs: PrecedentDoc[] = [];
  // History is tens of thousands of tickets: a bigram found in more than one in twenty of them (小区,
  // 反映) names no department, and its postings were most of a suggestion's time (p95 5.2 → 1.9 ms
  // on the demo district, top-1 0.978 → 0.988; NYC 311 unchanged).
  private readonly historyIndex = new Bm25Index({ maxDfRatio: 0.05 });
  private readonly historyGroups: HistoryGroup[] = [];
  private readonly historyByText = new Map<string, number>();
  private historyTickets = 0;
  /** Document frequencies over all three sources: the common yardstick for query coverage. */
  private readonly globalDf = new Map<string, number>();
  private globalDocs = 0;

  constructor(opts: DispatchSuggesterOptions = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  get size(): { matters: number; precedents: number; historyTickets: number; historyTexts: number } {
    return {
      matters: this.matterDocs.length,
      precedents: this.precedentDocs.length,
      historyTickets: this.historyTickets,
      historyTexts: this.historyGroups.length,
    };
  }

  addMatters(docs: MatterDoc[]): void {
    for (const doc of docs) {
      const tokens = tokenize([doc.name, ...doc.keywords].join(" "));
      this.countGlobal(tokens);
      this.matterIndex.addDocument(tokens);
      this.matterDocs.push(doc);
      this.mattersById.set(doc.matterId, doc);
    }
  }

  addPrecedents(docs: PrecedentDoc[]): void {
    for (const doc of docs) {
      const tokens = tokenize([doc.title, doc.summary, ...doc.keywords].join(" "));
      this.countGlobal(tokens);
      this.precedentIndex.addDocument(tokens);
      this.precedentDocs.push(doc);
    }
  }

  addHistory(docs: HistoryDoc[]): void {
    for (const doc of docs) {
      const key = normalizeText(doc.text).replace(/\s+/g, " ").trim();
      if (key === "") continue;
      let groupId = this.historyByText.get(key);
      if (groupId === undefined) {
        const tokens = tokenize(key);
        if (tokens.length === 0) continue;
        this.countGlobal(tokens);
        groupId = this.historyIndex.addDocument(tokens);
        this.historyGroups.push({ total: 0, departments: new Map() });
        this.historyByText.set(key, groupId);
      }
      const group = this.historyGroups[groupId] as HistoryGroup;
      let dept = group.departments.get(doc.departmentId);
      if (!dept) {
        dept = { count: 0, matters: new Map() };
        group.departments.set(doc.departmentId, dept);
      }
      dept.count++;
      if (doc.matterId !== null) dept.matters.set(doc.matterId, (dept.matters.get(doc.matterId) ?? 0) + 1);
      group.total++;
      this.historyTickets++;
    }
  }

  suggest(text: string, limit = 5): Suggestion[] {
    const terms: QueryTerm[] = [];
    let totalMass = 0;
    for (const [term, weight] of queryTermWeights(text)) {
      const mass = weight * this.globalIdf(term);
      terms.push({ term, weight, mass });
      totalMass += mass;
    }
    if (totalMass <= 0 || limit <= 0) return [];

    const tallies = new Map<number, DepartmentTally>();
    const tally = (departmentId: number): DepartmentTally => {
      let t = tallies.get(departmentId);
      if (!t) {
        t = { matter: null, precedent: null, historyVotes: 0, similarTickets: 0, historyMatters: new Map() };
        tallies.set(departmentId, t);
      }
      return t;
    };

    // Precedents first: a precedent that reassigns a listed matter weakens that matter's claim below.
    const reassigned = new Map<number, number>();
    for (const { hit, strength } of this.strengths(this.precedentIndex.search(terms, this.opts.candidates), totalMass)) {
      const doc = this.precedentDocs[hit.doc] as PrecedentDoc;
      const t = tally(doc.departmentId);
      if (!t.precedent || strength > t.precedent.strength) t.precedent = { strength, doc };
      const listed = doc.matterId === null ? undefined : this.mattersById.get(doc.matterId);
      if (listed && listed.departmentId !== doc.departmentId) {
        reassigned.set(listed.matterId, Math.max(reassigned.get(listed.matterId) ?? 0, strength));
      }
    }

    for (const { hit, strength: raw } of this.strengths(this.matterIndex.search(terms, this.opts.candidates), totalMass)) {
      const doc = this.matterDocs[hit.doc] as MatterDoc;
      const precedentStrength = reassigned.get(doc.matterId) ?? 0;
      // A precedent that explains the request as well as the matter does takes the full override share.
      const strength =
        precedentStrength > 0 ? raw * (1 - this.opts.overrideShare * Math.min(1, precedentStrength / raw)) : raw;
      const t = tally(doc.departmentId);
      if (!t.matter || strength > t.matter.strength) t.matter = { strength, doc };
    }

    const historyStrength = this.voteHistory(terms, totalMass, tally);

    const ranked: Suggestion[] = [];
    for (const [departmentId, t] of tallies) {
      const parts = {
        matter: this.opts.matterWeight * (t.matter?.strength ?? 0),
        precedent: this.opts.precedentWeight * (t.precedent?.strength ?? 0),
        history: this.opts.historyWeight * historyStrength * t.historyVotes,
      };
      const score = parts.matter + parts.precedent + parts.history;
      if (score < this.opts.minScore) continue;
      ranked.push(this.describe(departmentId, t, parts, score));
    }
    ranked.sort((a, b) => b.score - a.score || a.departmentId - b.departmentId);
    const floor = (ranked[0]?.score ?? 0) * this.opts.minRelativeScore;
    return ranked.filter((s) => s.score >= floor).slice(0, limit);
  }

  /**
   * kNN over resolved history: similar texts vote for the departments that finally handled them.
   * Sets each tally's historyVotes to its share of the vote and returns the strength of the nearest
   * neighbour, which scales the whole vote (a share of a weak neighbourhood means little).
   */
  private voteHistory(terms: QueryTerm[], totalMass: number, tally: (id: number) => DepartmentTally): number {
    const neighbours = this.strengths(this.historyIndex.search(terms, this.opts.neighbors), totalMass);
    const nearest = neighbours[0]?.strength ?? 0;
    if (nearest <= 0) return 0;
    const votes = new Map<number, number>();
    let totalWeight = 0;
    for (const { hit, strength } of neighbours) {
      const weight = Math.exp((strength - nearest) / this.opts.temperature);
      const group = this.historyGroups[hit.doc] as HistoryGroup;
      totalWeight += weight;
      for (const [departmentId, stat] of group.departments) {
        const vote = (weight * stat.count) / group.total;
        votes.set(departmentId, (votes.get(departmentId) ?? 0) + vote);
        const t = tally(departmentId);
        // Only close neighbours are worth citing to the operator as "similar tickets".
        if (weight >= 0.25) t.similarTickets += stat.count;
        for (const [matterId, n] of stat.matters) {
          t.historyMatters.set(matterId, (t.historyMatters.get(matterId) ?? 0) + (weight * n) / group.total);
        }
      }
    }
    for (const [departmentId, vote] of votes) tally(departmentId).historyVotes = vote / totalWeight;
    return nearest;
  }

  private describe(
    departmentId: number,
    t: DepartmentTally,
    parts: { matter: number; precedent: number; history: number },
    score: number,
  ): Suggestion {
    const precedentLeads = t.precedent !== null && parts.precedent >= parts.matter;
    const matterId =
      (precedentLeads ? t.precedent?.doc.matterId : t.matter?.doc.matterId) ??
      t.matter?.doc.matterId ??
      t.precedent?.doc.matterId ??
      argmax(t.historyMatters);
    const legalBasis = matterId === null ? null : this.mattersById.get(matterId)?.legalBasis || null;

    const reasons: { weight: number; text: string }[] = [];
    if (t.matter && parts.matter > 0) {
      const name = t.matter.doc.name;
      reasons.push({ weight: parts.matter, text: `匹配事项「${name}」/ matched matter "${name}"` });
    }
    if (t.precedent && parts.precedent > 0) {
      const title = t.precedent.doc.title;
      reasons.push({ weight: parts.precedent, text: `参照判例「${title}」/ precedent "${title}"` });
    }
    if (parts.history > 0) {
      const n = Math.max(t.similarTickets, 1);
      reasons.push({ weight: parts.history, text: `${n} 件相似工单由该部门办结 / ${n} similar resolved tickets` });
    }
    reasons.sort((a, b) => b.weight - a.weight);
    // Minor contributions would only lengthen the line the operator reads.
    const reason = reasons
      .filter((r, i) => i === 0 || r.weight >= 0.2 * score)
      .map((r) => r.text)
      .join("；");

    return {
      departmentId,
      matterId,
      legalBasis,
      precedentId: t.precedent?.doc.precedentId ?? null,
      score,
      reason,
    };
  }

  /** Hits → strengths in [0, 1]: coverage of the query, scaled by BM25 relative to the best hit. */
  private strengths(hits: Hit[], totalMass: number): Strengthened[] {
    const top = hits[0]?.score ?? 0;
    if (top <= 0) return [];
    return hits.map((hit) => ({ hit, strength: Math.min(1, hit.matched / totalMass) * (hit.score / top) }));
  }

  private countGlobal(tokens: readonly string[]): void {
    for (const term of new Set(tokens)) this.globalDf.set(term, (this.globalDf.get(term) ?? 0) + 1);
    this.globalDocs++;
  }

  private globalIdf(term: string): number {
    const df = this.globalDf.get(term) ?? 0;
    return Math.log(1 + (this.globalDocs - df + 0.5) / (df + 0.5));
  }
}

function argmax(weights: Map<number, number>): number | null {
  let best: number | null = null;
  let bestWeight = -Infinity;
  for (const [key, weight] of weights) {
    if (weight > bestWeight || (weight === bestWeight && best !== null && key < best)) {
      best = key;
      bestWeight = weight;
    }
  }
  return best;
}
