import { beforeAll, describe, expect, it } from 'vitest';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles } from '@/lib/tokens/node-files';
import type { Tokenizer } from '@/lib/tokens/types';
import { buildTabsContext, leftOutLines, type TabPage } from '@/lib/answer/tabs-scope';
import { answerQuestion } from '@/lib/answer/ask';
import { TestEngine } from '@/lib/engine/test-engine';

let llama3: Tokenizer;
beforeAll(async () => {
  llama3 = await loadTokenizer('llama-3', nodeTokenizerFiles);
});

/** A page of `paragraphs` distinct paragraphs about `topic`; one paragraph names the `needle`. */
function tab(name: string, topic: string, paragraphs: number, needle?: string): TabPage {
  const parts = Array.from({ length: paragraphs }, (_, i) =>
    i === Math.floor(paragraphs / 2) && needle
      ? `The ${topic} section ${i} records that ${needle}.`
      : `In section ${i} the ${topic} chronicle describes harvests, weather, markets and travel between towns number ${i * 7 + 3}.`,
  );
  return { url: `https://${name}.test/article`, title: `${name} article`, text: parts.join('\n\n') };
}

describe('the "these tabs" scope shares the budget fairly', () => {
  it('gives every tab a source, in the order chosen, and sends short tabs whole', () => {
    const pages = [tab('alpha', 'river', 3), tab('beta', 'mountain', 4), tab('gamma', 'forest', 2)];
    const context = buildTabsContext('What do they say?', pages, llama3, 3000);
    expect(context.sources.map((source) => source.url)).toEqual(pages.map((page) => page.url));
    expect(context.sources.every((source) => !source.narrowed)).toBe(true);
    expect(context.leftOut).toEqual([]);
    expect(context.tokens).toBeLessThanOrEqual(3000);
  });

  it('splits a tight budget between long tabs, keeps each one the passage that answers, and says what was left out', () => {
    const pages = [tab('alpha', 'river', 60, 'the ferry toll was four copper coins'), tab('beta', 'mountain', 60, 'the ferry toll doubled in winter'), tab('gamma', 'forest', 3)];
    const budget = 1200;
    const context = buildTabsContext('What was the ferry toll?', pages, llama3, budget);
    expect(context.tokens).toBeLessThanOrEqual(budget);
    expect(context.sources).toHaveLength(3);
    const [alpha, beta, gamma] = context.sources;
    expect(alpha!.text).toContain('four copper coins');
    expect(beta!.text).toContain('doubled in winter');
    // The short tab took only what it needed; the long ones shared the rest about equally.
    expect(gamma!.narrowed).toBe(false);
    const alphaTokens = llama3.count(alpha!.text);
    const betaTokens = llama3.count(beta!.text);
    expect(Math.abs(alphaTokens - betaTokens)).toBeLessThan(0.25 * Math.max(alphaTokens, betaTokens));
    expect(alphaTokens).toBeGreaterThan(llama3.count(gamma!.text));
    expect(context.leftOut.map((item) => [item.url, item.kind])).toEqual([
      [pages[0]!.url, 'part'],
      [pages[1]!.url, 'part'],
    ]);
    expect(leftOutLines(context.leftOut)[0]).toMatch(/^alpha article: used about \d+% of its text .*shared between 3 tabs\.$/);
  });

  it('leaves out whole tabs when there are too many for the context, and tabs that could not be read, saying why', () => {
    const pages = Array.from({ length: 12 }, (_, i) => tab(`t${i}`, 'valley', 20));
    const context = buildTabsContext('valley', pages, llama3, 900, [{ url: 'https://closed.test/', title: 'Closed', reason: 'That tab was closed.' }]);
    expect(context.tokens).toBeLessThanOrEqual(900);
    expect(context.sources.length).toBeGreaterThan(0);
    expect(context.sources.length).toBeLessThan(12);
    const whole = context.leftOut.filter((item) => item.kind === 'tab');
    expect(whole[0]).toMatchObject({ url: 'https://closed.test/', detail: 'could not be read: That tab was closed.' });
    expect(whole.length).toBe(1 + 12 - context.sources.length);
    expect(whole.at(-1)!.detail).toMatch(new RegExp(`^no room: ${context.sources.length} of 12 tabs fit`));
  });

  it('answers across three tabs and cites each of them (test engine)', async () => {
    const pages = [
      tab('alpha', 'river', 30, 'the bridge opened in 1820'),
      tab('beta', 'mountain', 30, 'the bridge was rebuilt in 1905'),
      tab('gamma', 'forest', 30, 'the bridge is now a museum'),
    ];
    const engine = new TestEngine({ tokenDelayMs: 0 });
    let leftOutSeen: readonly unknown[] = [];
    const result = await answerQuestion({
      question: 'What happened to the bridge?',
      scope: { kind: 'tabs', pages },
      engine,
      tokenizer: llama3,
      contextWindow: 2048,
      onSources: (_sources, leftOut) => (leftOutSeen = leftOut),
    });
    expect(result.sources.map((source) => source.url)).toEqual(pages.map((page) => page.url));
    expect(result.cited).toEqual([1, 2, 3]);
    expect(result.leftOut.length).toBe(3);
    expect(leftOutSeen).toEqual(result.leftOut);
  });
});
