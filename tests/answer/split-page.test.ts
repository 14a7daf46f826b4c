import { describe, expect, it } from 'vitest';
import { splitPage } from '@/lib/answer/split-page';
import { gpt4o } from '@/lib/tokens/reference';
import { readSavedArticle } from './real-page';

describe('splitting a long real page into parts that fit', () => {
  const page = readSavedArticle('wikipedia-2');

  it('partitions the whole text into consecutive parts under the budget', () => {
    const parts = splitPage(page.text, page.blocks, gpt4o, 1500);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(gpt4o.count(part.text)).toBeLessThanOrEqual(1500);
    // Consecutive and complete: every character of the page is in exactly one part.
    expect(parts[0]!.start).toBe(0);
    for (let i = 1; i < parts.length; i++) expect(parts[i]!.start).toBe(parts[i - 1]!.end);
    expect(parts.at(-1)!.end).toBe(page.text.length);
    expect(parts.map((part) => part.text).join('')).toBe(page.text);
  });

  it('cuts between blocks when blocks fit, and inside an over-long block only at a sentence or word', () => {
    const parts = splitPage(page.text, page.blocks, gpt4o, 1500);
    const blockStarts = new Set(page.blocks.map((block) => block.start));
    expect(parts.slice(1).every((part) => blockStarts.has(part.start))).toBe(true);
    const tiny = splitPage(page.text.slice(0, 5000), undefined, gpt4o, 40);
    for (const part of tiny.slice(1)) expect(page.text.slice(part.start - 1, part.start + 1)).toMatch(/\s/);
  });
});
