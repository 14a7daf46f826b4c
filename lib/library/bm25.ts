import { terms as termsOf } from './analyze';

/**
 * The one BM25 of Gleaner. The library index (`lexical-index.ts`, BM25F over
 * persisted postings) and the in-memory rankings of answers (passages of one
 * page, sentences inside passages) use these same formulas and the same
 * analyzer (`analyze.ts`), so "running marathons" finds "She runs a marathon"
 * wherever it is asked.
 */

/** BM25F parameters: saturation `k1`, query term saturation `k3`, per-field length normalization `b` and weight. */
export interface Bm25Params {
  k1: number;
  /**
   * Saturation of a term's count in the query (Robertson's k3): a term said twice
   * weighs (k3 + 1)·2 / (k3 + 2) times one said once. Long questions and claims
   * repeat words for grammar ("stress in response to … stress markers"), not
   * emphasis; a linear count let them outweigh the rest of the question.
   */
  k3: number;
  title: { weight: number; b: number };
  heading: { weight: number; b: number };
  body: { weight: number; b: number };
}

/**
 * Usual BM25 values with title and heading boosts; checked on SciFact train (`npm run eval:retrieval`):
 * k3 = 1 (a repeated query term counts 4/3, three times 3/2) gave nDCG@10 0.7058 against 0.6991 for
 * the linear count; 0 (each distinct term once) 0.7060 with lower recall, 3 gave 0.7028.
 */
export const DEFAULT_BM25: Bm25Params = {
  k1: 1.2,
  k3: 1,
  title: { weight: 2, b: 0.5 },
  heading: { weight: 1.5, b: 0.5 },
  body: { weight: 1, b: 0.75 },
};

/** Inverse document frequency (the non-negative BM25 variant) of a term found in `df` of `docs` documents. */
export function idf(docs: number, df: number): number {
  return Math.log(1 + (docs - df + 0.5) / (df + 0.5));
}

/** One field's length-normalized term frequency. */
export function fieldTf(tf: number, weight: number, b: number, length: number, avgLength: number): number {
  return (weight * tf) / (1 - b + (b * length) / avgLength);
}

/** Saturation of the (weighted, normalized) term frequency: the BM25 term score per unit of idf. */
export function saturate(tf: number, k1: number): number {
  return (tf * (k1 + 1)) / (k1 + tf);
}

/** Query terms with their counts, in first-seen order. */
export function queryTermCounts(queryTerms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of queryTerms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** How much a term said `count` times in the query weighs (1 for once), saturated by `k3` (see `Bm25Params`). */
export function queryTermWeight(count: number, k3: number): number {
  return ((k3 + 1) * count) / (k3 + count);
}

/**
 * Share of the query's idf mass that a text's terms cover (0..1): how much of
 * what the question asks about is there at all. Unlike a raw BM25 score it
 * compares across questions and libraries, which is what the "nothing relevant
 * was read" decision needs. `weights` are the query terms' idf (× their saturated count).
 */
export function coverage(present: ReadonlySet<string>, weights: ReadonlyMap<string, number>): number {
  let total = 0;
  let found = 0;
  for (const [term, weight] of weights) {
    total += weight;
    if (present.has(term)) found += weight;
  }
  return total > 0 ? found / total : 0;
}

/** A small in-memory collection ranked with BM25 (body field parameters of the library). */
export interface TextRanking {
  /** BM25 score of each text, in input order. */
  scores: number[];
  /** Each distinct query term's idf in this collection × its (saturated) count in the query. */
  weights: Map<string, number>;
  /** The analyzed terms of each text. */
  terms: string[][];
}

/** Ranks texts (a page's passages, a passage's sentences) against analyzed query terms. */
export function rankTexts(texts: readonly string[], queryTerms: readonly string[], params: Bm25Params = DEFAULT_BM25): TextRanking {
  const docs = texts.map((text) => termsOf(text));
  const counts = queryTermCounts(queryTerms);
  const avgLength = Math.max(1, docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length));
  const tfs = docs.map((doc) => {
    const tf = new Map<string, number>();
    for (const term of doc) if (counts.has(term)) tf.set(term, (tf.get(term) ?? 0) + 1);
    return tf;
  });
  const weights = new Map<string, number>();
  for (const [term, count] of counts) {
    const df = tfs.reduce((n, tf) => n + (tf.has(term) ? 1 : 0), 0);
    weights.set(term, idf(docs.length, df) * queryTermWeight(count, params.k3));
  }
  const { k1, body } = params;
  const scores = docs.map((doc, i) => {
    let score = 0;
    for (const [term, tf] of tfs[i]!) score += weights.get(term)! * saturate(fieldTf(tf, body.weight, body.b, doc.length, avgLength), k1);
    return score;
  });
  return { scores, weights, terms: docs };
}
