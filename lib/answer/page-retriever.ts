/**
 * Retrieval inside one page (the "this page" scope): the page is cut into
 * passages and ranked against the question with BM25, so a long page still
 * contributes its most relevant parts when it does not fit whole.
 */
import type { ExtractedBlock } from '@/lib/extract/types';
import type { Tokenizer } from '@/lib/tokens/types';
import type { RetrievedPassage } from './sources';
import { splitPage } from './split-page';
import { contentTerms, words } from './terms';

const K1 = 1.2;
const B = 0.75;

/** Passages of one page ranked by BM25 against `question` (all passages, best first; ties keep page order). */
export function rankPagePassages(
  page: { url: string; title: string; siteName?: string; text: string; blocks?: readonly ExtractedBlock[] },
  question: string,
  tokenizer: Tokenizer,
  passageTokens = 192,
): RetrievedPassage[] {
  const parts = splitPage(page.text, page.blocks, tokenizer, passageTokens);
  const docs = parts.map((part) => words(part.text));
  const avgLength = docs.reduce((sum, doc) => sum + doc.length, 0) / Math.max(1, docs.length);
  const terms = contentTerms(question);
  const documentFrequency = new Map(terms.map((term) => [term, docs.filter((doc) => doc.includes(term)).length]));
  const scored = parts.map((part, index) => {
    const doc = docs[index]!;
    let score = 0;
    for (const term of terms) {
      const tf = doc.filter((word) => word === term).length;
      if (tf === 0) continue;
      const df = documentFrequency.get(term) ?? 0;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / avgLength));
    }
    return { part, index, score };
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map(({ part, score }) => ({
    url: page.url,
    title: page.title,
    site: page.siteName,
    text: part.text,
    start: part.start,
    end: part.end,
    score,
  }));
}
