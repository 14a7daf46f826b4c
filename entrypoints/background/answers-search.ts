import type { RetrievedPassage } from '@/lib/answer/sources';
import { searchLibraryPassages as searchPassages, type QueryVector } from '@/lib/answer/library-retriever';
import { libraryDb } from './library-handlers';

/** Library passages for a question, best first: lexical, or hybrid when the view sends the question's embedding. */
export function searchLibraryPassages(query: string, options: { limit: number; site?: string; since?: number; dense?: QueryVector }): Promise<RetrievedPassage[]> {
  return searchPassages(libraryDb(), query, options);
}

/** True when some library passages have vectors of `model` (semantic search has run). */
export async function hasEmbeddedPassages(model: string): Promise<boolean> {
  return (await libraryDb().vectors.where('model').equals(model).limit(1).count()) > 0;
}
