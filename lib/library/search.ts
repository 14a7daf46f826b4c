import { analyze, terms as termsOf } from './analyze';
import { chunkOf, type LibraryDb, type PageRecord } from './db';
import { scoreChunks, type Bm25Params } from './lexical-index';

/**
 * Search API (stable; used by the Library view and by answers):
 *
 *   searchLibrary(db, query, options?) → SearchResult
 *     .chunks: ranked passages (best first), each with its page's title/url/site/visitedAt,
 *              the passage text, heading path, offsets `start`/`end` into the page text,
 *              BM25F score and a highlighted snippet;
 *     .pages:  the same hits grouped per page (page score = its best passage's), best first.
 *   Options: limit (pages), chunksPerPage, site, since/until (visit time, ms), or
 *   `dateRange('week')` for the presets.
 *   recentPages(db, options?) → the most recently visited pages.
 *
 * Snippet highlights are [start, end) offsets into `snippet.text`: the view
 * renders escaped text and wraps those ranges in <mark>, never HTML.
 */

/** A passage of text with the ranges that matched the query. */
export interface Snippet {
  text: string;
  /** [start, end) offsets into `text` of matched words. */
  highlights: Array<[number, number]>;
  /** The snippet starts / ends inside the passage (show an ellipsis). */
  cutStart: boolean;
  cutEnd: boolean;
}

/** The page fields a hit carries. */
export interface PageSummary {
  pageId: number;
  url: string;
  title: string;
  site: string;
  visitedAt: number;
  visitCount: number;
  lang?: string;
  excerpt?: string;
  chunkCount: number;
}

/** One ranked passage. */
export interface ChunkHit {
  chunkId: number;
  pageId: number;
  title: string;
  url: string;
  site: string;
  visitedAt: number;
  /** The passage: `pageText.slice(start, end)`. */
  text: string;
  headingPath: string[];
  start: number;
  end: number;
  tokenCount: number;
  score: number;
  snippet: Snippet;
}

/** A page with its best passages. */
interface PageHit extends PageSummary {
  score: number;
  chunks: ChunkHit[];
}

/** What a search returns. */
export interface SearchResult {
  query: string;
  /** The analyzed query terms (empty: nothing searchable in the query). */
  terms: string[];
  /** Each distinct query term's idf in the library × its saturated count in the query (for relevance decisions). */
  termWeights: Record<string, number>;
  pages: PageHit[];
  /** All returned passages, best first (the union of `pages[].chunks`). */
  chunks: ChunkHit[];
  tookMs: number;
}

/** Search options. */
export interface SearchOptions {
  /** Pages to return (default 10). */
  limit?: number;
  /** Passages per page (default 3). */
  chunksPerPage?: number;
  /** Passages scored before grouping (default 50 × limit, at least 200). */
  candidates?: number;
  /** Only this site (as `PageRecord.site`). */
  site?: string;
  /** Only pages visited at or after / before this time (ms since epoch). */
  since?: number;
  until?: number;
  /** Longest snippet in characters (default 240). */
  snippetLength?: number;
  params?: Bm25Params;
}

/** Date presets of the filter: the `since` for "last day/week/month/year". */
export function dateRange(preset: 'day' | 'week' | 'month' | 'year', now = Date.now()): { since: number } {
  const day = 86_400_000;
  const days = { day: 1, week: 7, month: 30, year: 365 }[preset];
  return { since: now - days * day };
}

/** The page ids allowed by the filters, or null when there is no filter. */
async function allowedPages(db: LibraryDb, options: SearchOptions): Promise<Set<number> | null> {
  const { site, since, until } = options;
  if (site === undefined && since === undefined && until === undefined) return null;
  const lower = since ?? -Infinity;
  const upper = until ?? Infinity;
  const ids =
    site !== undefined
      ? await db.pages
          .where('site')
          .equals(site)
          .filter((p) => p.visitedAt >= lower && p.visitedAt < upper)
          .primaryKeys()
      : await db.pages.where('visitedAt').between(lower, upper, true, false).primaryKeys();
  return new Set(ids);
}

/** Cuts a snippet around the densest matches of a passage and marks the matched words. */
function makeSnippet(text: string, queryTerms: ReadonlySet<string>, maxLength = 240): Snippet {
  const matches = analyze(text).filter((t) => queryTerms.has(t.term));
  let from = 0;
  if (text.length > maxLength && matches.length > 0) {
    // The window (of maxLength) starting a little before the match that covers the most distinct terms.
    let best = -1;
    for (let i = 0; i < matches.length; i++) {
      const seen = new Set<string>();
      for (let j = i; j < matches.length && matches[j]!.end - matches[i]!.start <= maxLength * 0.8; j++) seen.add(matches[j]!.term);
      if (seen.size > best) {
        best = seen.size;
        from = matches[i]!.start;
      }
    }
    from = Math.max(0, from - Math.floor(maxLength * 0.2));
    const space = text.lastIndexOf(' ', from);
    if (from > 0 && space >= 0 && from - space < 30) from = space + 1;
  }
  let to = Math.min(text.length, from + maxLength);
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space > from + maxLength / 2) to = space;
  }
  const highlights = matches.filter((m) => m.start >= from && m.end <= to).map((m) => [m.start - from, m.end - from] as [number, number]);
  return { text: text.slice(from, to), highlights, cutStart: from > 0, cutEnd: to < text.length };
}

function summaryOf(page: PageRecord): PageSummary {
  return {
    pageId: page.id,
    url: page.url,
    title: page.title,
    site: page.site,
    visitedAt: page.visitedAt,
    visitCount: page.visitCount,
    ...(page.lang ? { lang: page.lang } : {}),
    ...(page.excerpt ? { excerpt: page.excerpt } : {}),
    chunkCount: page.chunkCount,
  };
}

/** Searches the library: ranked passages with snippets, grouped per page (see the file comment). */
export async function searchLibrary(db: LibraryDb, query: string, options: SearchOptions = {}): Promise<SearchResult> {
  const started = performance.now();
  const limit = Math.max(1, options.limit ?? 10);
  const perPage = Math.max(1, options.chunksPerPage ?? 3);
  const queryTerms = termsOf(query.slice(0, 2000));
  const empty = { query, terms: queryTerms, termWeights: {}, pages: [], chunks: [] };
  if (queryTerms.length === 0) return { ...empty, tookMs: performance.now() - started };

  const pages = await allowedPages(db, options);
  if (pages && pages.size === 0) return { ...empty, tookMs: performance.now() - started };
  const weights = new Map<string, number>();
  const scored = await scoreChunks(db, queryTerms, { limit: options.candidates ?? Math.max(200, 50 * limit), pages, params: options.params, weights });

  // Group per page: page order = best passage order.
  const groups = new Map<number, typeof scored>();
  for (const hit of scored) {
    const group = groups.get(hit.pageId);
    if (group) {
      if (group.length < perPage) group.push(hit);
    } else if (groups.size < limit) groups.set(hit.pageId, [hit]);
  }
  const pageIds = [...groups.keys()];
  const [pageRows, textRows] = await db.transaction('r', db.pages, db.texts, () => Promise.all([db.pages.bulkGet(pageIds), db.texts.bulkGet(pageIds)]));
  const termSet = new Set(queryTerms);
  const out: PageHit[] = [];
  pageIds.forEach((pageId, i) => {
    const page = pageRows[i];
    const row = textRows[i];
    // A page deleted since it was scored (its tombstones not yet seen here) is skipped.
    if (!page || !row) return;
    const text = row.text;
    const hits: ChunkHit[] = [];
    for (const h of groups.get(pageId)!) {
      const chunk = chunkOf(row, h.chunkId);
      if (!chunk) continue;
      const passage = text.slice(chunk.start, chunk.end);
      hits.push({
        chunkId: chunk.id,
        pageId,
        title: page.title,
        url: page.url,
        site: page.site,
        visitedAt: page.visitedAt,
        text: passage,
        headingPath: chunk.headingPath,
        start: chunk.start,
        end: chunk.end,
        tokenCount: chunk.tokenCount,
        score: h.score,
        snippet: makeSnippet(passage, termSet, options.snippetLength),
      });
    }
    if (hits.length > 0) out.push({ ...summaryOf(page), score: hits[0]!.score, chunks: hits });
  });
  const chunks = out.flatMap((p) => p.chunks).sort((a, b) => b.score - a.score);
  return { query, terms: queryTerms, termWeights: Object.fromEntries(weights), pages: out, chunks, tookMs: performance.now() - started };
}

/** Options of `recentPages`. */
export interface RecentOptions {
  limit?: number;
  /** Only pages visited strictly before this time (paging: pass the last row's `visitedAt`). */
  before?: number;
  site?: string;
  since?: number;
}

/** The most recently visited pages, newest first. */
export async function recentPages(db: LibraryDb, options: RecentOptions = {}): Promise<PageSummary[]> {
  const limit = Math.max(1, Math.min(options.limit ?? 50, 500));
  const upper = options.before ?? Infinity;
  const lower = options.since ?? -Infinity;
  const rows = await db.pages
    .where('visitedAt')
    .between(lower, upper, true, false)
    .reverse()
    .filter((p) => options.site === undefined || p.site === options.site)
    .limit(limit)
    .toArray();
  return rows.map(summaryOf);
}
