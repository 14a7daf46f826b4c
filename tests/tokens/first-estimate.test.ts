import { describe, expect, it } from 'vitest';
import { CATALOG } from '@/lib/engine/catalog';
import { modelInUseTarget } from '@/lib/tokens/context-fit';
import { cardFigure, estimateLabel, firstEstimate, fitsWithEstimate } from '@/lib/tokens/first-estimate';
import { gpt4 } from '@/lib/tokens/reference';
import { savedPage } from '../library/support/saved-page';

const smol = CATALOG.find((model) => model.tokenizer === 'smollm2')!;
// A real saved article (tests/fixtures/readability-pages) and exact cl100k, the count the estimate imitates.
const article = savedPage('ars-1').text;

describe('the first estimate of the Tokens view (shown before any tokenizer has loaded)', () => {
  it('estimates a real article close to its exact cl100k count, and a long text from its start', () => {
    const exact = gpt4.count(article);
    expect(Math.abs(firstEstimate(article)! - exact) / exact).toBeLessThan(0.15);
    // Past 50,000 characters the start is estimated and scaled: still close to the exact count.
    const long = `${article}\n\n`.repeat(Math.ceil(400_000 / article.length));
    const longExact = gpt4.count(long);
    expect(Math.abs(firstEstimate(long)! - longExact) / longExact).toBeLessThan(0.15);
    expect(firstEstimate('')).toBeNull();
  });

  it('shows the estimate, said to be one, until the exact count replaces it', () => {
    expect(estimateLabel(1240)).toBe('≈ 1,240 (estimate, exact count loading…)');
    expect(cardFigure(undefined, 1240)).toEqual({ kind: 'estimate', tokens: 1240, label: '≈ 1,240 (estimate, exact count loading…)' });
    expect(cardFigure(1187, 1240)).toEqual({ kind: 'exact', tokens: 1187 });
    expect(cardFigure(undefined, null)).toEqual({ kind: 'none' });
  });

  it('draws the fit bars from the estimate, each marked, until a tokenizer has counted', () => {
    const inUse = modelInUseTarget({ backend: 'webllm', modelId: smol.id });
    const order = [`model:${smol.id}`, 'gpt-4o'];
    const estimated = fitsWithEstimate(new Map(), order, inUse, 2048);
    expect(estimated.map((fit) => fit.id)).toEqual(['in-use', 'window-8k', 'window-32k', 'gpt-4o', 'window-200k']);
    for (const fit of estimated) expect(fit).toMatchObject({ tokens: 2048, basisKind: 'estimate' });
    expect(estimated[0]).toMatchObject({ contextWindow: 4096, fraction: 0.5, leftForAnswer: 2048 });
    // The first exact count (GPT-4o's, the quicker) replaces the estimate in every bar.
    const exact = fitsWithEstimate(new Map([['gpt-4o', 1900]]), order, inUse, 2048);
    expect(exact.every((fit) => fit.tokens === 1900 && fit.basisKind !== 'estimate')).toBe(true);
    expect(fitsWithEstimate(new Map(), order, inUse, null)).toEqual([]);
  });
});
