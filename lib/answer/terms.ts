/**
 * Query terms for in-page ranking, relevance checks and passage focusing:
 * the library's own analyzer (`lib/library/analyze.ts`: folding, stemming,
 * stop words, word segmentation of Japanese, Chinese, Thai…), so a question
 * matches a passage here exactly when library search would match it.
 */
import { terms } from '@/lib/library/analyze';

/** The distinct index terms of a question (stop words dropped, words stemmed). */
export function contentTerms(text: string): string[] {
  return [...new Set(terms(text))];
}
