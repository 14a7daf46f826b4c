import { describe, expect, it } from 'vitest';
import { extractPage } from '@/lib/extract/extract-page';
import { GUARD_LIMITS, looksBinary, measurePage, plainText, unreadableReason } from '@/lib/extract/page-guard';
import { parseHtml } from '../../scripts/html-document';
import { FIXTURE_URL, goldText, sourceDocument } from './fixture-pages';

/** A document whose body holds `depth` nested <div>s built by script, with text at the bottom. */
function deepDocument(depth: number): Document {
  const doc = parseHtml('<!doctype html><html><head><title>Deep</title></head><body><p>Top paragraph of the page.</p></body></html>', 'http://127.0.0.1/deep.html');
  let node: Element = doc.body;
  for (let i = 0; i < depth; i++) {
    const child = doc.createElement('div');
    node.append(child);
    node = child;
  }
  node.textContent = 'Text at the bottom of a very deep page.';
  return doc;
}

/** Random bytes as a browser shows them in a text page: decoded as UTF-8 with replacements. */
function binaryText(bytes: number): string {
  let seed = 42;
  const data = new Uint8Array(bytes).map(() => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed & 0xff;
  });
  return new TextDecoder('utf-8').decode(data);
}

describe('huge and odd pages are measured before Readability', () => {
  // jsdom builds deep trees in quadratic time, so 1,000 levels here (past the 512 limit);
  // the 50,000-deep page that crashed the tab is in tests/e2e/huge-pages.e2e.ts, in Chromium.
  it('reads a DOM nested deeper than the limit as plain text, without recursion, and says why', () => {
    const doc = deepDocument(1000);
    const size = measurePage(doc);
    expect(size.over).toBe('depth');
    const page = extractPage(doc, 'http://127.0.0.1/deep.html');
    expect(page.text).toBe('Top paragraph of the page.\n\nText at the bottom of a very deep page.');
    expect(page.note).toBe('This page is very large (its elements are nested more than 512 deep), so Gleaner read it as plain text.');
    expect(page.isArticle).toBe(false);
  });

  it('reads a page with more text than the limit as plain text, tells how much was read', () => {
    const paragraph = `<p>${'Long text of a huge page. '.repeat(400)}</p>`;
    const doc = parseHtml(`<!doctype html><html><body>${paragraph.repeat(250)}</body></html>`, 'http://127.0.0.1/huge.html');
    const page = extractPage(doc, 'http://127.0.0.1/huge.html');
    expect(page.text.length).toBeLessThanOrEqual(GUARD_LIMITS.plainChars);
    expect(page.note).toBe('This page is very large (it has more than 2,000,000 characters of text), so Gleaner read it as plain text: the first 2,000,000 characters.');
    // Blocks point at their text.
    for (const block of page.blocks.slice(0, 5)) expect(page.text.slice(block.start, block.end)).toMatch(/^Long text/);
  });

  it('leaves ordinary pages to Readability (no note, same text)', () => {
    const page = extractPage(sourceDocument('wikipedia'), FIXTURE_URL);
    expect(page.note).toBeUndefined();
    expect(page.isArticle).toBe(true);
    expect(measurePage(sourceDocument('wikipedia')).over).toBeUndefined();
  });

  it('keeps plain text bounded and in document order', () => {
    const doc = parseHtml('<body><h1>Title</h1><div>one <b>two</b><script>x()</script></div><ul><li>three</li></ul></body>', 'http://127.0.0.1/');
    expect(plainText(doc)).toMatchObject({ text: 'Title\n\none two\n\nthree', cut: false });
    expect(plainText(doc, 8)).toMatchObject({ text: 'Title\n\no', cut: true });
  });
});

describe('pages with no readable text fail fast and plainly', () => {
  it('recognizes binary data shown as a text page, and not real writing in any script', () => {
    const doc = parseHtml(`<body><pre>${binaryText(200_000).replace(/[<&]/g, ' ')}</pre></body>`, 'http://127.0.0.1/random.bin');
    const page = extractPage(doc, 'http://127.0.0.1/random.bin');
    expect(page.text).toBe('');
    expect(page.note).toBe('This page has no readable text (it looks like binary data shown as text).');
    for (const name of ['wikipedia', 'pixnet', 'aktualne', 'lemonde-1']) expect(looksBinary(goldText(name))).toBe(false);
  });

  it('names the type of a page that is not text', () => {
    expect(unreadableReason('application/octet-stream', '')).toBe('This page has no readable text (it is application/octet-stream, not a text page).');
    expect(unreadableReason('image/png', '')).toMatch(/image\/png/);
    expect(unreadableReason('text/html; charset=utf-8', 'Real text.')).toBeNull();
  });
});
