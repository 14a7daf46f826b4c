import { describe, expect, it } from 'vitest';
import type { SourceCard } from '@/lib/answer/conversation';
import { groupSourcesByPage } from '@/lib/answer/source-groups';

const source = (id: number, url: string, title: string, readAt?: number): SourceCard => ({
  id,
  url,
  title,
  site: new URL(url).hostname,
  passage: `Passage ${id}.`,
  ...(readAt ? { readAt } : {}),
});

describe('groupSourcesByPage', () => {
  it('shows nine sources, seven of one article, as three pages with their passages in number order', () => {
    const article = 'https://en.wikipedia.org/wiki/Normans';
    const sources = [
      source(1, article, 'Normans', 100),
      source(2, article, 'Normans', 100),
      source(3, 'https://history.example/rollo', 'Rollo'),
      source(4, article, 'Normans', 300),
      source(5, article, 'Normans', 100),
      source(6, `${article}#Identity`, 'Normans', 100),
      source(7, 'https://steam.example/engine', 'Steam engine'),
      source(8, article, 'Normans', 100),
      source(9, article, 'Normans', 100),
    ];
    const groups = groupSourcesByPage(sources);
    expect(groups.map((g) => [g.title, g.passages.map((p) => p.id)])).toEqual([
      ['Normans', [1, 2, 4, 5, 6, 8, 9]],
      ['Rollo', [3]],
      ['Steam engine', [7]],
    ]);
    expect(groups[0]).toMatchObject({ key: article, url: article, site: 'en.wikipedia.org', readAt: 300 });
    // Every source is still there, once.
    expect(groups.flatMap((g) => g.passages.map((p) => p.id)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps the pages of a PDF under one document, each passage with its page number', () => {
    const pdf = 'https://papers.example/attention.pdf';
    const groups = groupSourcesByPage([
      { ...source(1, pdf, 'Attention'), page: 3 },
      { ...source(2, pdf, 'Attention'), page: 12 },
    ]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.passages.map((p) => p.page)).toEqual([3, 12]);
    expect(groupSourcesByPage([])).toEqual([]);
  });
});
