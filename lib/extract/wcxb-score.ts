/**
 * The scoring of WCXB (Web Content eXtraction Benchmark), reimplemented so
 * `npm run eval:extract -- --wcxb <dir>` gives figures comparable with the
 * published ones: word-level F1 with the benchmark's own tokenization
 * (Python `re.findall(r'\w+', text.lower())`, counted as a multiset), and the
 * share of must-have (`with`) snippets found and must-not-have (`without`)
 * snippets wrongly kept.
 */
import { wordF1 } from './word-f1';

/** Python's `\w+` on lower-cased text: runs of letters, digits and underscores (combining marks split words, as in Python). */
export function wcxbWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Precision, recall and F1 of the multiset of words of `candidate` against `gold`, in the benchmark's tokenization. */
export function wcxbF1(candidate: string, gold: string): { precision: number; recall: number; f1: number } {
  return wordF1(candidate, gold, wcxbWords);
}

/** Text compared for snippets: its words joined by single spaces (case, punctuation and layout ignored). */
function snippetForm(text: string): string {
  return ` ${wcxbWords(text).join(' ')} `;
}

/** How many `with` snippets the extraction contains and how many `without` snippets it keeps. */
export function snippetHits(candidate: string, withSnippets: readonly string[], withoutSnippets: readonly string[]): { withFound: number; withoutKept: number } {
  const text = snippetForm(candidate);
  const has = (snippet: string) => {
    const form = snippetForm(snippet);
    return form.trim().length > 0 && text.includes(form);
  };
  return { withFound: withSnippets.filter(has).length, withoutKept: withoutSnippets.filter(has).length };
}
