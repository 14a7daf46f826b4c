/**
 * Library search hits as passages for answers. The library returns ranked
 * chunks with their page's metadata and character offsets; answers need the
 * same fields under the names the packing code uses.
 */
import type { RetrievedPassage } from './sources';

/** The fields of a library chunk hit that answers use. */
export interface LibraryChunkHit {
  url: string;
  title: string;
  site: string;
  visitedAt: number;
  text: string;
  headingPath: readonly string[];
  start: number;
  end: number;
  score: number;
}

/** Converts ranked library hits (best first) into passages. */
export function passagesFromHits(hits: readonly LibraryChunkHit[]): RetrievedPassage[] {
  return hits.map((hit) => ({
    url: hit.url,
    title: hit.title,
    site: hit.site,
    readAt: hit.visitedAt,
    text: hit.text,
    start: hit.start,
    end: hit.end,
    headingPath: hit.headingPath,
    score: hit.score,
  }));
}
