/**
 * The scoring of WCXB (Web Content eXtraction Benchmark), reimplemented so
 * `npm run eval:extract -- --wcxb <dir>` gives figures comparable with the
 * published ones: word-level F1 with the benchmark's own tokenization
 * (Python `re.findall(r'\w+', text.lower())`, counted as a multiset), and the
 * share of must-have (`with`) snippets found and must-not-have (`without`)
 * snippets wrongly kept.
 */

/** Python's `\w+` on lower-cased text: runs of letters, digits and underscores (combining marks split words, as in Python). */
export function wcxbWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** Precision, recall and F1 of the multiset of words of `candidate` against `gold`. */
export function wcxbF1(candidate: string, gold: string): { precision: number; recall: number; f1: number } {
  const goldWords = wcxbWords(gold);
  const candidateWords = wcxbWords(candidate);
  if (goldWords.length === 0 && candidateWords.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const left = new Map<string, number>();
  for (const word of goldWords) left.set(word, (left.get(word) ?? 0) + 1);
  let overlap = 0;
  for (const word of candidateWords) {
    const n = left.get(word) ?? 0;
    if (n > 0) {
      overlap += 1;
      left.set(word, n - 1);
    }
  }
  const precision = candidateWords.length ? overlap / candidateWords.length : 0;
  const recall = goldWords.length ? overlap / goldWords.length : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
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
