import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chunkPage } from '@/lib/library/chunk';
import { chunkTokenizer } from '@/lib/tokens/token-counter';
import { gpt4 } from '@/lib/tokens/reference';
import { PAGES_DIR, savedPage } from './support/saved-page';

const NAMES = ['wikipedia', 'mozilla-1', 'nytimes-1', 'medium-1', 'ars-1', 'lemonde-1', 'pixnet'].filter((n) => readdirSync(PAGES_DIR).includes(n));

describe('chunkPage on real saved pages', () => {
  it.each(NAMES)('%s: passages are token-sized, located by offsets, and cover the text', (name) => {
    const page = savedPage(name);
    const chunks = chunkPage(page, { maxTokens: 200, overlapTokens: 40 });
    expect(chunks.length).toBeGreaterThan(0);
    let covered = 0;
    for (const [i, c] of chunks.entries()) {
      expect(c.ordinal).toBe(i);
      expect(c.start).toBeGreaterThanOrEqual(0);
      expect(c.end).toBeLessThanOrEqual(page.text.length);
      const passage = page.text.slice(c.start, c.end);
      expect(passage.trim()).toBe(passage);
      // The default counter's estimate of the passage fits, within a token per sentence joint…
      expect(chunkTokenizer.count(passage)).toBeLessThanOrEqual(200 + 20);
      // …and so does its exact cl100k count, within the estimate's error (worst here: Chinese, under by a quarter).
      expect(gpt4.count(passage)).toBeLessThanOrEqual((200 + 20) * 1.35);
      expect(c.start).toBeLessThanOrEqual(covered + 2); // no gap: every word is in some passage
      covered = Math.max(covered, c.end);
    }
    expect(covered).toBe(page.text.trimEnd().length);
  });

  it('starts a passage at each heading and records the heading path', () => {
    const page = savedPage('wikipedia');
    const chunks = chunkPage(page, { maxTokens: 256 });
    const headings = page.blocks.filter((b) => b.kind === 'heading');
    expect(headings.length).toBeGreaterThan(2);
    let checked = 0;
    page.blocks.forEach((h, i) => {
      const next = page.blocks[i + 1];
      if (h.kind !== 'heading' || !next || next.kind === 'heading') return;
      const title = page.text.slice(h.start, h.end);
      // The heading opens a passage (possibly together with headings just above it).
      const at = chunks.find((c) => c.start <= h.start && h.end <= c.end);
      expect(at, `a passage holds heading "${title}"`).toBeDefined();
      expect(at!.headingPath.at(-1)).toBe(title);
      expect(chunks.some((c) => c.start < h.start && c.end > h.start && c !== at)).toBe(false);
      checked++;
    });
    expect(checked).toBeGreaterThan(2);
  });

  it('overlaps consecutive passages of one section by at most the overlap budget', () => {
    const page = savedPage('nytimes-1');
    const chunks = chunkPage(page, { maxTokens: 120, overlapTokens: 30 });
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]!;
      const cur = chunks[i]!;
      if (cur.start < prev.end) expect(gpt4.count(page.text.slice(cur.start, prev.end))).toBeLessThanOrEqual(30 + 2);
    }
  });

  it('cuts a sentence longer than a passage at word boundaries, and handles pages without blocks', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkPage({ text, blocks: [] }, { maxTokens: 100 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(/^word\d+$/.test(text.slice(c.start, c.end).split(' ')[0]!)).toBe(true);
  });
});
