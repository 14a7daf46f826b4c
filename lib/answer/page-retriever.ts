/**
 * Retrieval inside one page (the "this page" scope): the page is cut into
 * passages and ranked against the question with the library's BM25 and
 * analyzer (`lib/library/bm25.ts`), so a long page still contributes its most
 * relevant parts when it does not fit whole.
 */
import type { ExtractedBlock } from '@/lib/extract/types';
import { terms } from '@/lib/library/analyze';
import { rankTexts } from '@/lib/library/bm25';
import type { Tokenizer } from '@/lib/tokens/types';
import type { RetrievedPassage } from './sources';
import { splitPage } from './split-page';

/** Passages of one page ranked by BM25 against `question` (all passages, best first; ties keep page order). */
export function rankPagePassages(
  page: { url: string; title: string; siteName?: string; text: string; blocks?: readonly ExtractedBlock[] },
  question: string,
  tokenizer: Tokenizer,
  passageTokens = 192,
): RetrievedPassage[] {
  const parts = splitPage(page.text, page.blocks, tokenizer, passageTokens);
  const { scores } = rankTexts(
    parts.map((part) => part.text),
    terms(question),
  );
  const scored = parts.map((part, index) => ({ part, index, score: scores[index]! }));
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
