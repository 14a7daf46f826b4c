import { beforeAll, describe, expect, it } from 'vitest';
import { TestEngine } from '@/lib/engine/test-engine';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import type { Tokenizer } from '@/lib/tokens/types';
import { summarizePage } from '@/lib/answer/summarize';
import { aboutDuration, CONFIRM_PARTS, estimateTokens, planSummary } from '@/lib/answer/summary-plan';
import { readSavedArticle } from './real-page';

let llama3: Tokenizer;
beforeAll(async () => {
  llama3 = await loadTokenizer('llama-3', nodeTokenizerFiles);
}, 60_000);

describe('the plan of a summary, known before it starts', () => {
  const article = readSavedArticle('wikipedia-2');

  it("estimates a real page's tokens from samples within 10%", () => {
    const long = Array.from({ length: 8 }, () => article.text).join('\n\n');
    const exact = llama3.count(long);
    expect(Math.abs(estimateTokens(long, llama3) - exact) / exact).toBeLessThan(0.1);
  });

  it('reads an ordinary article in one pass or a few parts, without asking', () => {
    const plan = planSummary(article.text, llama3, 4096, 'medium');
    expect(plan.confirm).toBe(false);
    expect(plan.parts).toBeLessThanOrEqual(CONFIRM_PARTS);
    expect(planSummary('A short page.', llama3, 4096, 'medium')).toMatchObject({ parts: 1, confirm: false });
  });

  it('asks before a 20 MB page: thousands of parts, hours, and what only the beginning costs', () => {
    const huge = article.text.repeat(Math.ceil(20_000_000 / article.text.length));
    const started = performance.now();
    const plan = planSummary(huge, llama3, 4096, 'medium');
    // Sampled, not tokenized whole: the plan is cheap whatever the page (figures, not a target).
    console.log(`plan of a ${(huge.length / 1e6).toFixed(1)} MB page: ${plan.parts} parts, ${aboutDuration(plan.seconds)}, in ${(performance.now() - started).toFixed(0)} ms`);
    expect(plan.confirm).toBe(true);
    expect(plan.parts).toBeGreaterThan(1000);
    expect(plan.seconds).toBeGreaterThan(3600);
    expect(aboutDuration(plan.seconds)).toMatch(/^about \d+ hours$/);
    expect(plan.beginningChars).toBeLessThan(huge.length / 50);
    expect(plan.beginningSeconds).toBeLessThan(plan.seconds / 50);
  });

  it('summarizes only the beginning when the person chooses it, and says how much was used', async () => {
    const long = Array.from({ length: 6 }, () => article.text).join('\n\n');
    const plan = planSummary(long, llama3, 2048, 'short');
    const readChars = Math.floor(long.length / 4);
    const result = await summarizePage(
      { title: 'Long', url: 'https://e.test/long', text: long },
      { engine: new TestEngine({ contextWindow: 2048, tokenDelayMs: 0 }), tokenizer: llama3, contextWindow: 2048, style: 'tldr', length: 'short', readChars },
    );
    expect(result.parts).toBeLessThan(plan.parts);
    expect(result.coverage.fraction).toBeGreaterThan(0.2);
    expect(result.coverage.fraction).toBeLessThan(0.3);
  });

  it('says durations in plain words', () => {
    expect(aboutDuration(12)).toBe('about 10 seconds');
    expect(aboutDuration(600)).toBe('about 10 minutes');
    expect(aboutDuration(3 * 3600)).toBe('about 3 hours');
  });
});
