import { readFileSync } from 'node:fs';
import { squadFile } from '../support/fixtures';
import { describe, expect, it } from 'vitest';
import { dedupePassages, focusPassage, packSources, type RetrievedPassage } from '@/lib/answer/sources';
import { gpt4o } from '@/lib/tokens/reference';

interface Squad {
  data: { title: string; paragraphs: { context: string; qas: { question: string; is_impossible: boolean; answers: { text: string }[] }[] }[] }[];
}
const squad = JSON.parse(readFileSync(squadFile, 'utf8')) as Squad;
const article = squad.data[0]!;
const passages: RetrievedPassage[] = article.paragraphs.map((paragraph, index) => ({
  url: `https://en.wikipedia.org/wiki/${article.title}`,
  title: article.title,
  site: 'en.wikipedia.org',
  text: paragraph.context,
  start: index * 10_000,
  end: index * 10_000 + paragraph.context.length,
}));

describe('packing passages as numbered sources under a token budget', () => {
  it('never exceeds the budget, for every question and several budgets', () => {
    for (const budget of [128, 256, 512, 1024, 3000]) {
      for (const paragraph of article.paragraphs) {
        for (const qa of paragraph.qas.slice(0, 2)) {
          const packed = packSources(qa.question, passages, { tokenizer: gpt4o, budget });
          expect(packed.tokens).toBe(gpt4o.count(packed.text));
          expect(packed.tokens).toBeLessThanOrEqual(budget);
        }
      }
    }
  });

  it('numbers sources from 1 in rank order and fences each one', () => {
    const packed = packSources('Who was the duke of Normandy?', passages, { tokenizer: gpt4o, budget: 1024 });
    expect(packed.sources.map((source) => source.id)).toEqual(packed.sources.map((_, index) => index + 1));
    expect(packed.text.match(/<source id="\d+"/g)).toHaveLength(packed.sources.length);
  });

  it('narrows a passage that does not fit to the sentences that match the question', () => {
    const long = article.paragraphs.map((paragraph) => paragraph.context).join(' ');
    const focused = focusPassage(long, ['rollo', 'treaty'], gpt4o, 80);
    expect(gpt4o.count(focused)).toBeLessThanOrEqual(80);
    expect(focused.toLowerCase()).toMatch(/rollo|treaty/);
  });

  it('drops repeated and overlapping chunks of the same page but keeps other pages', () => {
    const a = { url: 'https://a.test', title: 'A', text: 'Alpha beta gamma.', start: 0, end: 100 };
    const overlapping = { ...a, text: 'beta gamma delta.', start: 20, end: 120 };
    const adjacent = { ...a, text: 'Next part.', start: 90, end: 200 };
    const otherPage = { ...overlapping, url: 'https://b.test' };
    const copy = { ...a, url: 'https://c.test', text: ' alpha  beta gamma. ' };
    expect(dedupePassages([a, overlapping, adjacent, otherPage, copy])).toEqual([a, adjacent, otherPage]);
  });

  it('packs nothing when no passage shares a word with the question', () => {
    expect(packSources('Quantum chromodynamics gluons?', passages, { tokenizer: gpt4o, budget: 1024 }).sources).toEqual([]);
  });
});
