import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Readability } from '@mozilla/readability';
import { LeanReadability } from '@/lib/extract/readability';
import { parseHtml } from '../../scripts/html-document';
import { readabilityPagesDir } from '../support/fixtures';

// LeanReadability answers three of Readability's per-node questions more cheaply: the same article, byline and metadata
// on real pages and on the cases each override has to get right.
/** Saved pages of news sites, blogs and a portal, with and without a declared byline. */
const pages = ['001', 'aktualne', 'ars-1', 'bbc-1', 'medium-1', 'yahoo-4'];
/** What Readability hands back: the article's HTML, its text and its metadata. */
const read = (Reader: typeof Readability, html: string) => new Reader(parseHtml(html, 'https://example.com/2015/04/story'), { keepClasses: true }).parse();
/** Four paragraphs of prose, enough for Readability to take the element around them as the article. */
const prose = ('<p>' + 'The engine weaves algebraic patterns just as the loom weaves flowers and leaves. '.repeat(8) + '</p>').repeat(4);
const overridden = ['_isValidByline', '_isElementWithoutContent', '_isProbablyVisible'];

describe('LeanReadability', () => {
  it.each(overridden)('overrides %s, a method Readability has (an upgrade that renames it must not leave the override unused)', (name) => {
    expect(typeof (Readability.prototype as unknown as Record<string, unknown>)[name]).toBe('function');
    expect(Object.getOwnPropertyNames(LeanReadability.prototype)).toContain(name);
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
    const html = `<html><body><article>${byline}${prose}</article></body></html>`;
    const lean = read(LeanReadability, html);
    expect(lean?.byline).toContain('Ada Lovelace');
    expect(lean).toEqual(read(Readability, html));
  });

  it.each([
    ['empty and blank elements, some with only <br> and <hr> in them', '<div> </div><section>\n\t<br><hr></section><div><br><span> </span></div><h2>\u00a0</h2>'],
    ['an element whose only text is deep inside it', '<div><div><span> </span><b>Note</b></div></div>'],
    [
      'elements hidden by their style, `hidden` or `aria-hidden`',
      '<div style="display:none">Gone</div><p style="visibility: hidden">Gone too</p><div hidden>Hidden</div><div aria-hidden="true">Aria</div>',
    ],
    ["Wikimedia's math image, shown though `aria-hidden`", '<span class="mwe-math-fallback-image-inline" aria-hidden="true">x²</span>'],
    ['SVG and MathML, whose class names are not strings', '<svg class="icon" aria-hidden="true"><title>Icon</title></svg><math><mi style="display:none">x</mi></math>'],
    ['a style attribute that hides nothing', '<div style="color: red"><span style="">Shown</span></div>'],
  ])('reads %s as Readability does', (_what, markup) => {
    const html = `<html><body><article>${markup}${prose}${markup}</article></body></html>`;
    expect(read(LeanReadability, html)).toEqual(read(Readability, html));
  });
});
