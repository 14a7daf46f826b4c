import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkTokenizer, estimateTokens, estimateTokensByRegex } from '@/lib/library/token-counter';
import { gpt4 } from '@/lib/tokens/reference';
import { PAGES_DIR, savedPage } from './support/saved-page';

// The exact cl100k tokenizer is used here, in the test, only as the yardstick: the
// chunker itself must not carry its rank data (tests/e2e/bundle.e2e.ts).
const NAMES = readdirSync(PAGES_DIR).filter((n) => existsSync(path.join(PAGES_DIR, n, 'expected.html')));

/** Relative error of the estimate against exact cl100k, for every real page of at least 300 tokens. */
function errors(): Array<{ name: string; lang?: string; exact: number; estimate: number; error: number }> {
  return NAMES.map((name) => {
    const { text, lang } = savedPage(name);
    const exact = gpt4.count(text);
    const estimate = estimateTokens(text);
    return { name, lang, exact, estimate, error: (estimate - exact) / exact };
  }).filter((r) => r.exact >= 300);
}

describe('the chunker token estimate', () => {
  // The figure over all 130 saved pages is `npm run eval:estimate` (docs/benchmarks.md); the
  // fixture pages here are mostly not English, where shape alone estimates worse.
  it('is within ±10% of exact cl100k on most English saved pages, and close on average on all', () => {
    const rows = errors();
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const english = rows.filter((r) => r.lang?.toLowerCase().startsWith('en'));
    expect(english.length).toBeGreaterThanOrEqual(8);
    const within = english.filter((r) => Math.abs(r.error) <= 0.1);
    const meanAbs = rows.reduce((s, r) => s + Math.abs(r.error), 0) / rows.length;
    // Shape cannot tell English words from Lorem ipsum or Spanish spelled in ASCII, which
    // cl100k splits more: those pages are under-counted, English pages are within ±10%.
    expect(within.length / english.length).toBeGreaterThanOrEqual(0.85);
    for (const r of rows) expect(Math.abs(r.error), `${r.name}: ${r.estimate} estimated, ${r.exact} exact`).toBeLessThanOrEqual(0.45);
    expect(meanAbs).toBeLessThan(0.07);
  }, 120_000);

  it('counts digits in groups of three, whitespace runs and short words as one token each', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('1234567')).toBe(3);
    expect(estimateTokens('the cat sat')).toBe(3);
    expect(estimateTokens('a\n\nb')).toBe(gpt4.count('a\n\nb'));
    expect(chunkTokenizer.count('the cat sat')).toBe(3);
  });

  it('counts non-Latin scripts by their bytes, near cl100k', () => {
    for (const name of ['qq', 'youth', 'gmw']) {
      const text = savedPage(name).text;
      const exact = gpt4.count(text);
      expect(Math.abs(estimateTokens(text) - exact) / exact, name).toBeLessThanOrEqual(0.1);
    }
  });

  it('gives exactly the regex reference on every saved page and on random mixes of tricky characters', () => {
    for (const name of NAMES) {
      const text = savedPage(name).text;
      expect(estimateTokens(text), name).toBe(estimateTokensByRegex(text));
      for (const sentence of text.split(/(?<=[.!?])\s+/).slice(0, 40)) expect(estimateTokens(sentence), sentence).toBe(estimateTokensByRegex(sentence));
    }
    const alphabet = ['a', 'Z', 'q', 'é', "'", 's', 'L', 'l', 'v', 'e', '1', '²', ' ', ' ', '\t', '\n', '\r', '\u00a0', '.', '(', '—', '’', '日', 'ж', '\u0301', '-', '😀'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(estimateTokens(text), JSON.stringify(text)).toBe(estimateTokensByRegex(text));
    }
  });
});
