import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkTokenizer, estimateTokens } from '@/lib/tokens/token-counter';
import { gpt4 } from '@/lib/tokens/reference';
import { PAGES_DIR, savedPage } from '../library/support/saved-page';

// The exact cl100k tokenizer is used here, in the test, only as the yardstick: the
// chunker itself must not carry its rank data (tests/e2e/bundle.e2e.ts).
const NAMES = readdirSync(PAGES_DIR).filter((n) => existsSync(path.join(PAGES_DIR, n, 'expected.html')));
const PAGES = new Map(NAMES.map((name) => [name, savedPage(name)]));

/** Relative error of the estimate against exact cl100k, for every real page of at least 300 tokens. */
function errors(): Array<{ name: string; lang?: string; exact: number; estimate: number; error: number }> {
  return NAMES.map((name) => {
    const { text, lang } = PAGES.get(name)!;
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

  // Pinned outputs of the estimate (from the cl100k pre-tokenizer regex it replaces, which
  // gave the same on all 130 saved pages, every sentence of them and 60,000 random strings
  // of tricky characters): a change to the scanner that moves a piece boundary shows here.
  it('gives the pinned estimates on tricky strings (contractions, astral and lone surrogates, accents, scripts)', () => {
    const pinned: Array<[string, number]> = [
      ["it's THEY'LL we've", 8],
      ['Straße, café — naïve résumé', 12],
      ['日本語のテキストです。', 14],
      ['😀abc 😀 𝐀𝐁𝐂 𝟏𝟐𝟑𝟒𝟓', 17],
      ['lone \ud800 and \udc00 surrogates', 6],
      ['  \n\n\t x  y\r\n', 6],
      ['camelCase HTTPServer iPhone', 7],
      ['https://example.org/a-b_c?d=1234567', 15],
      ['-----  ......  !!?  ", "', 8],
      ['Жизнь и судьба', 9],
      ['el niño comió más piñas ayer', 12],
      ['١٢٣ ٤٥٦٧ ²³', 9],
    ];
    for (const [text, tokens] of pinned) expect(estimateTokens(text), JSON.stringify(text)).toBe(tokens);
  });

  it('gives the pinned estimates on the real saved pages (English and non-English weighing)', () => {
    const pinned: Record<string, number> = {
      '001': 938,
      '002': 3513,
      aktualne: 1825,
      'ars-1': 795,
      'bbc-1': 1029,
      cnet: 761,
      folha: 480,
      gmw: 3845,
      'guardian-1': 1572,
      heise: 416,
      'keep-tabular-data': 3126,
      'lemonde-1': 2579,
      'medium-1': 3128,
      'mozilla-1': 252,
      'nytimes-1': 958,
      'nytimes-5': 618,
      pixnet: 2896,
      qq: 775,
      'rtl-1': 159,
      'v8-blog': 3249,
      wikipedia: 6962,
      'wikipedia-2': 30333,
      'yahoo-4': 1388,
      youth: 2981,
    };
    // The pages pinned, not every page of the folder: a page added for another test has no pinned estimate.
    expect(Object.fromEntries(Object.keys(pinned).map((name) => [name, estimateTokens(PAGES.get(name)!.text)]))).toEqual(pinned);
  });
});
