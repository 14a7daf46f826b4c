/**
 * "Ask my library" retrieval: lexical search of the library (BM25 over
 * passages), fused with dense vector search by reciprocal rank fusion when
 * semantic search is on and the question has been embedded.
 */
import { chunkOf, type LibraryDb } from '@/lib/library/db';
import { terms } from '@/lib/library/analyze';
import { coverage } from '@/lib/library/bm25';
import { chunkPages } from '@/lib/library/lexical-index';
import { searchLibrary } from '@/lib/library/search';
import { denseSearch, reciprocalRankFusion } from '@/lib/library/vectors';
import type { Retriever } from './ask';
import { passagesFromHits, type LibraryChunkHit } from './library-passages';
import type { RetrievedPassage } from './sources';

/** The question's embedding, for hybrid search. */
export interface QueryVector {
  vector: readonly number[];
  /** The embedding model: only vectors of the same model are compared. */
  model: string;
}

/** Ranked library passages for a question: lexical, or hybrid (RRF of lexical and dense) when `dense` is given. */
export async function searchLibraryPassages(
  db: LibraryDb,
  query: string,
  options: { limit: number; site?: string; since?: number; dense?: QueryVector },
): Promise<RetrievedPassage[]> {
  // Every passage may come from one page: ask for `limit` passages per page, then keep the global best.
  const lexical = await searchLibrary(db, query, { limit: options.limit, chunksPerPage: options.limit, site: options.site, since: options.since });
  const lexicalHits = lexical.chunks.slice(0, options.limit);
  const weights = new Map(Object.entries(lexical.termWeights));
  // How much of the question each passage covers (its title and headings count: BM25F searched them too).
  const judge = (passage: RetrievedPassage): RetrievedPassage => ({
    ...passage,
    relevance: coverage(new Set(terms([passage.title, ...(passage.headingPath ?? []), passage.text].join('\n'))), weights),
  });
  if (!options.dense) return passagesFromHits(lexicalHits).map(judge);
  const dense = await denseSearch(db, options.dense.vector, { model: options.dense.model, limit: options.limit * 2 });
  const fused = reciprocalRankFusion([lexicalHits, dense]).slice(0, options.limit);
  const known = new Map(lexicalHits.map((hit) => [hit.chunkId, hit as LibraryChunkHit]));
  const missing = fused.map((item) => item.chunkId).filter((id) => !known.has(id));
  if (missing.length > 0) {
    const pageOf = await chunkPages(db, new Set(missing));
    const pageIds = [...new Set(pageOf.values())];
    const [pages, texts] = await Promise.all([db.pages.bulkGet(pageIds), db.texts.bulkGet(pageIds)]);
    for (const [chunkId, pageId] of pageOf) {
      const index = pageIds.indexOf(pageId);
      const page = pages[index];
      const row = texts[index];
      const chunk = row && chunkOf(row, chunkId);
      if (!page || !chunk) continue;
      if (options.site && page.site !== options.site) continue;
      if (options.since && page.visitedAt < options.since) continue;
      known.set(chunkId, {
        url: page.url,
        title: page.title,
        site: page.site,
        visitedAt: page.visitedAt,
        text: row.text.slice(chunk.start, chunk.end),
        headingPath: chunk.headingPath,
        start: chunk.start,
        end: chunk.end,
        score: 0,
      });
    }
  }
  // Each passage carries its own fused score (items whose page is gone or filtered out are dropped first).
  const lexicalIds = new Set(lexicalHits.map((hit) => hit.chunkId));
  return fused.flatMap((item) => {
    const hit = known.get(item.chunkId);
    if (!hit) return [];
    const [passage] = passagesFromHits([{ ...hit, score: item.score }]);
    // Dense-only passages are judged by the embedding, not by shared words: they carry no relevance.
    return [lexicalIds.has(item.chunkId) ? judge(passage!) : passage!];
  });
}

/** A Retriever over the library database (what "ask my library" and eval:context use). */
export function libraryRetriever(db: LibraryDb, dense?: QueryVector): Retriever {
  return (query, options) => searchLibraryPassages(db, query, { ...options, dense });
}
