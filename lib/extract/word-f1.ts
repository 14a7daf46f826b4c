/**
 * Word-level F1 between an extraction and a gold text: the bag-of-words
 * overlap measure used to compare extractors (order-insensitive, so it judges
 * what was kept and what was dropped, not the layout).
 */
import { splitWords } from './word-count';

/** Precision, recall and F1 of `candidate`'s words against `gold`'s words (the multiset of words `split` finds; by default the extension's own word splitting). */
export function wordF1(candidate: string, gold: string, split: (text: string) => string[] = splitWords): { precision: number; recall: number; f1: number } {
  const goldCounts = new Map<string, number>();
  const goldWords = split(gold);
  for (const word of goldWords) goldCounts.set(word, (goldCounts.get(word) ?? 0) + 1);
  const candidateWords = split(candidate);
  let overlap = 0;
  for (const word of candidateWords) {
    const left = goldCounts.get(word) ?? 0;
    if (left > 0) {
      overlap += 1;
      goldCounts.set(word, left - 1);
    }
  }
  if (candidateWords.length === 0 && goldWords.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = candidateWords.length ? overlap / candidateWords.length : 0;
  const recall = goldWords.length ? overlap / goldWords.length : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}
