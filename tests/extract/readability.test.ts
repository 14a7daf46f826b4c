import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Readability } from '@mozilla/readability';
import { LeanReadability } from '@/lib/extract/readability';
import { parseHtml } from '../../scripts/html-document';
import { readabilityPagesDir } from '../support/fixtures';

// LeanReadability only reorders Readability's byline check: the same article, byline and metadata on real pages.
/** Saved pages of news sites, blogs and a portal, with and without a declared byline. */
const pages = ['001', 'aktualne', 'ars-1', 'bbc-1', 'medium-1', 'yahoo-4'];
/** What Readability hands back: the article's HTML, its text and its metadata. */
const read = (Reader: typeof Readability, html: string) => new Reader(parseHtml(html, 'https://example.com/2015/04/story'), { keepClasses: true }).parse();

describe('LeanReadability', () => {
  it('overrides a method Readability has (an upgrade that renames it must not leave the override unused)', () => {
    expect(typeof (Readability.prototype as unknown as Record<string, unknown>)._isValidByline).toBe('function');
    expect(Object.getOwnPropertyNames(LeanReadability.prototype)).toContain('_isValidByline');
  });

  it.each(pages)('reads %s exactly as Readability does', (name) => {
    const html = readFileSync(path.join(readabilityPagesDir, name, 'source.html'), 'utf8');
    expect(read(LeanReadability, html)).toEqual(read(Readability, html));
  });

  it.each([
    ['a class', '<div class="byline">By Ada Lovelace</div>'],
    ['rel="author"', '<a rel="author" href="/ada">Ada Lovelace</a>'],
    ['itemprop="author"', '<span itemprop="author"><span itemprop="name">Ada Lovelace</span> for the Gazette</span>'],
  ])('finds the byline named by %s, as Readability does', (_how, byline) => {
    const paragraph = '<p>' + 'The engine weaves algebraic patterns just as the loom weaves flowers and leaves. '.repeat(8) + '</p>';
    const html = `<html><body><article>${byline}${paragraph.repeat(4)}</article></body></html>`;
    const lean = read(LeanReadability, html);
    expect(lean?.byline).toContain('Ada Lovelace');
    expect(lean).toEqual(read(Readability, html));
  });
});
