import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { structuredText } from '@/lib/extract/blocks';
import { extractPage } from '@/lib/extract/extract-page';
import { dropRecommendations, dropReviews, hasRecommendations, hasReviews } from '@/lib/extract/shop-furniture';
import { LISTING_LEAVES_OUT } from '@/lib/extract/cards';
import { readableCharsBounds } from '@/lib/extract/text-bound';
import { measurePage } from '@/lib/extract/page-guard';
import { visibleProseLength, visibleText } from '@/lib/extract/visible-text';
import { parseHtml } from '../../scripts/html-document';
import { wcxbPagesDir } from '../support/fixtures';
import { FIXTURE_URL, sourceDocument } from './fixture-pages';

const nonSpace = (text: string) => text.replace(/\s+/g, '').length;

function wcxbDocument(id: string): { doc: Document; url: string } {
  const { url } = JSON.parse(readFileSync(path.join(wcxbPagesDir, `${id}.json`), 'utf8')) as { url: string };
  return { doc: parseHtml(gunzipSync(readFileSync(path.join(wcxbPagesDir, `${id}.html.gz`))).toString('utf8'), url), url };
}

const bounds = (doc: Document) => readableCharsBounds(doc, LISTING_LEAVES_OUT);

describe('readableCharsBounds (lib/extract/text-bound.ts)', () => {
  it('counts what a reading adds (list markers, cell separators) and what it keeps (a script in a <pre>, an SVG style), not scripts and styles', () => {
    const doc = parseHtml(
      `<body><ul><li>a</li><li>b</li></ul><table><tr><td>x</td><td>y</td></tr></table>
       <pre><script>code()</script></pre><svg><style>.a{}</style></svg><script>var x = 1</script><style>p{}</style></body>`,
      'https://example.com/',
    );
    const reading = structuredText(doc.body);
    // "- a\n- b", "x | y", "code()", ".a{}": 17 non-space characters.
    expect(nonSpace(reading.text)).toBe(17);
    // Text 4 + script in <pre> 6 + SVG style 4 + 2 items + 2 cells.
    expect(bounds(doc).any).toBe(18);
  });

  it('adds the longest <h1>, which the listing rule may put before cards that hold it', () => {
    const doc = parseHtml('<body><h1>Shoes <span>for walking</span></h1><p>Short</p></body>', 'https://example.com/');
    expect(bounds(doc).any).toBe(nonSpace('Shoes for walking Short') + nonSpace('Shoes for walking'));
  });

  it.each(['001', 'heise', 'wikipedia', 'keep-tabular-data', 'medium-1'])('is at least every reading of the saved page %s', (name) => {
    const doc = sourceDocument(name);
    const bound = bounds(doc).any;
    expect(bound).toBeGreaterThanOrEqual(nonSpace(visibleText(doc).text));
    expect(bound).toBeGreaterThanOrEqual(nonSpace(structuredText(doc.body).text));
    expect(bound).toBeGreaterThanOrEqual(visibleProseLength(doc));
    expect(bound).toBeGreaterThanOrEqual(nonSpace(extractPage(doc, FIXTURE_URL).text));
    // Scripts and styles are left out: far below the raw text of the page.
    expect(bound).toBeLessThan(nonSpace(doc.documentElement.textContent ?? ''));
  });
});

describe('the listing bound (chrome and hidden parts left out)', () => {
  it('leaves out a navigation, a hidden box and a script inside the navigation once', () => {
    const doc = parseHtml(
      `<body><nav><a href="/">Home page</a><script>track()</script></nav><div hidden>Hidden words</div><p>Cards here</p><script>x()</script></body>`,
      'https://example.com/',
    );
    expect(bounds(doc)).toEqual({ any: nonSpace('Home page Hidden words Cards here'), narrowed: nonSpace('Cards here') });
  });

  it.each(['0083', '0203'])(
    'is at least the listing read on the WCXB listing %s',
    (id) => {
      const { doc, url } = wcxbDocument(id);
      const { any, narrowed } = bounds(doc);
      const page = extractPage(doc, url);
      // The card rule read these pages (tests/extract/wcxb-pages.test.ts): its gate must let it.
      expect(page.isArticle).toBe(false);
      expect(narrowed).toBeGreaterThanOrEqual(nonSpace(page.text));
      expect(narrowed).toBeLessThan(any);
      // A whole listing extracted in jsdom: 10–15 s alone, and past a minute on a loaded machine.
    },
    180_000,
  );
});

/**
 * The bounds as first defined: the page's whole text, less that of its outermost scripts, styles and
 * `<noscript>` (and, for the narrowed bound, of its outermost chrome and hidden parts), never
 * anything inside a <pre> or <table> or a list nested in a list item. The walk must give the same.
 */
function boundsByDefinition(doc: Document): { any: number; narrowed: number } {
  const added = doc.getElementsByTagName('li').length + doc.getElementsByTagName('td').length + doc.getElementsByTagName('th').length;
  const h1 = Math.max(0, ...Array.from(doc.getElementsByTagName('h1')).map((el) => nonSpace(el.textContent ?? '')));
  const total = nonSpace(doc.documentElement.textContent ?? '') + added + h1;
  const kept = (el: Element) => el.parentElement?.closest('pre, table') != null || ((el.tagName === 'UL' || el.tagName === 'OL') && el.parentElement?.tagName === 'LI');
  const unread = (el: Element) => ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName);
  const candidates = Array.from(doc.querySelectorAll(`script, style, noscript, ${LISTING_LEAVES_OUT.selector}`)).filter((el) => !kept(el));
  const outermost = (out: Element[]) => out.filter((el) => !out.some((other) => other !== el && other.contains(el)));
  const sum = (out: Element[]) => outermost(out).reduce((n, el) => n + nonSpace(el.textContent ?? ''), 0);
  return { any: total - sum(candidates.filter(unread)), narrowed: total - sum(candidates.filter((el) => unread(el) || LISTING_LEAVES_OUT.test(el))) };
}

describe('readableCharsBounds walks the page once and finds what the definition gives', () => {
  it('on a page with scripts in chrome, chrome in a table, a hidden <html>-level part and a nested list', () => {
    const doc = parseHtml(
      `<html><head><title>T i t l e</title><script>var big = "${'x'.repeat(500)}"</script><style>p{}</style></head>
       <body><header><script>inHeader()</script>Site name</header>
       <table><tr><td><nav>Cell nav</nav><script>inTable()</script></td></tr></table>
       <ul><li>one<ul hidden><li>nested hidden</li></ul></li></ul><ul hidden><li>gone</li></ul>
       <div role="dialog">Dialog <noscript><p>no script</p></noscript></div><pre><style>kept()</style></pre>
       <svg><style>.a{}</style><text>drawn</text></svg><![CDATA[x]]><!-- a comment --><p>Body text</p></body></html>`,
      'https://example.com/',
    );
    expect(bounds(doc)).toEqual(boundsByDefinition(doc));
  });

  it.each(['001', 'heise', 'wikipedia', 'keep-tabular-data', 'medium-1', 'ars-1', 'bbc-1', 'yahoo-4', 'pixnet'])('on the saved page %s', (name) => {
    const doc = sourceDocument(name);
    expect(bounds(doc)).toEqual(boundsByDefinition(doc));
  });

  it.each(
    readdirSync(wcxbPagesDir)
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.replace(/\.json$/, '')),
  )('on the WCXB page %s', (id) => {
    const { doc } = wcxbDocument(id);
    expect(bounds(doc)).toEqual(boundsByDefinition(doc));
  });
});

describe('hasRecommendations and hasReviews tell whether the fallback needs a clone (lib/extract/shop-furniture.ts)', () => {
  it('say yes on a shop page with a "Recommended for You" carousel and customer reviews, and no once they are dropped', () => {
    const { doc } = wcxbDocument('0594');
    expect(hasRecommendations(doc.body)).toBe(true);
    expect(hasReviews(doc.body)).toBe(true);
    dropRecommendations(doc.body);
    dropReviews(doc.body);
    expect(hasRecommendations(doc.body)).toBe(false);
    expect(hasReviews(doc.body)).toBe(false);
  });

  it('say no on an article, whose fallback is then read from the page itself', () => {
    const doc = sourceDocument('001');
    expect(hasRecommendations(doc.body)).toBe(false);
    expect(hasReviews(doc.body)).toBe(false);
  });
});

describe('measurePage works the bounds out in its own walk (one walk of the page for both)', () => {
  it.each(['001', 'heise', 'wikipedia', 'keep-tabular-data', 'medium-1'])('gives the measure alone and the bounds alone on the saved page %s', (name) => {
    const doc = sourceDocument(name);
    const { bounds, ...size } = measurePage(doc, undefined, LISTING_LEAVES_OUT);
    expect(size).toEqual(measurePage(doc));
    expect(bounds).toEqual(boundsByDefinition(doc));
  });

  it('measures the body only (not the <title>, not inside an SVG, a <pre>d script or a frame) while the bounds read them', () => {
    const doc = parseHtml(
      `<html><head><title>Title</title></head><body><p>Text</p><svg><text>drawn</text></svg><pre><script>kept()</script></pre>
       <iframe>fallback</iframe><table><tr><td><style>x{}</style>cell</td></tr></table></body></html>`,
      'https://example.com/',
    );
    const { bounds, ...size } = measurePage(doc, undefined, LISTING_LEAVES_OUT);
    expect(size).toEqual(measurePage(doc));
    expect(size.textChars).toBe(measurePage(doc).textChars);
    expect(bounds).toEqual(boundsByDefinition(doc));
  });

  it('stops at a limit as the measure alone does, without bounds', () => {
    const doc = parseHtml(`<body>${'<div><p>a b</p></div>'.repeat(50)}</body>`, 'https://example.com/');
    const limits = { depth: 512, elements: 60, textChars: 1_000 };
    const both = measurePage(doc, limits, LISTING_LEAVES_OUT);
    expect(both).toEqual(measurePage(doc, limits));
    expect(both.over).toBe('elements');
    expect(both.bounds).toBeUndefined();
  });
});
