import { describe, expect, it } from 'vitest';
import { extractPage } from '@/lib/extract/extract-page';
import { declaresDiscussion } from '@/lib/extract/metadata';
import { wordF1 } from '@/lib/extract/word-f1';
import type { ExtractedPage } from '@/lib/extract/types';
import { parseHtml } from '../../scripts/html-document';
import { FIXTURE_URL, expectedMetadata, goldText, sourceDocument } from './fixture-pages';

/** Every block's offsets point at its text, in order, and the blocks make up the whole text. */
function expectConsistentBlocks(page: ExtractedPage) {
  let previousEnd = -2;
  for (const block of page.blocks) {
    expect(block.start).toBe(previousEnd + 2);
    const slice = page.text.slice(block.start, block.end);
    expect(slice.length).toBeGreaterThan(0);
    expect(slice).toBe(slice.replace(/^\s+/, ''));
    previousEnd = block.end;
  }
  expect(page.blocks.map((b) => page.text.slice(b.start, b.end)).join('\n\n')).toBe(page.text);
}

// Real saved pages in several languages and scripts, with Readability's expected output.
const PAGES = ['001', 'heise', 'lemonde-1', 'aktualne', 'folha', 'pixnet', 'yahoo-4', 'rtl-1', 'wikipedia', 'keep-tabular-data', 'medium-1'];

describe('extractPage on real saved pages', () => {
  it.each(PAGES)('%s: text matches the gold article, metadata matches Readability, blocks are consistent', (name) => {
    const page = extractPage(sourceDocument(name), FIXTURE_URL);
    const expected = expectedMetadata(name);

    expect(wordF1(page.text, goldText(name)).f1).toBeGreaterThan(0.97);
    expect(page.isArticle).toBe(true);
    expect(page.title).toBe(expected.title);
    if (expected.byline) expect(page.byline).toBe(expected.byline);
    if (expected.siteName) expect(page.siteName).toBe(expected.siteName);
    if (expected.lang) expect(page.lang?.toLowerCase()).toBe(expected.lang.toLowerCase());
    if (expected.publishedTime) expect(Date.parse(page.publishedTime ?? '')).toBe(Date.parse(expected.publishedTime));
    expect(page.hasPasswordField).toBe(false);
    expect(page.canonicalUrl.startsWith('http')).toBe(true);
    expect(page.extractMs).toBeGreaterThanOrEqual(0);
    expectConsistentBlocks(page);
  });

  it("reads a dated story, not the page around it that shows five times its prose (a gallery's 50 captions, ads' titles, teasers)", () => {
    // bug-1255978 (The Independent): the 759-word story sits in a page that shows 5.6 times that in text outside links.
    const page = extractPage(sourceDocument('bug-1255978'), FIXTURE_URL);
    expect(wordF1(page.text, goldText('bug-1255978')).f1).toBeGreaterThan(0.97);
    expect(page.isArticle).toBe(true);
    expect(page.text).not.toContain('1/50');
    expect(page.text).not.toContain('Sponsored Links');
  });

  it('keeps the heading outline of a long article with levels', () => {
    const page = extractPage(sourceDocument('wikipedia'), FIXTURE_URL);
    const headings = page.blocks.filter((b) => b.kind === 'heading');
    expect(headings.length).toBeGreaterThan(5);
    expect(new Set(headings.map((h) => h.level)).size).toBeGreaterThan(1);
    expect(headings.map((h) => page.text.slice(h.start, h.end))).toContain('History[edit]');
    expect(page.blocks.some((b) => b.kind === 'list')).toBe(true);
  });

  it('keeps data tables as table blocks, one row a line', () => {
    const page = extractPage(sourceDocument('keep-tabular-data'), FIXTURE_URL);
    const table = page.blocks.find((b) => b.kind === 'table');
    expect(table).toBeDefined();
    const rows = page.text.slice(table!.start, table!.end).split('\n');
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.some((row) => row.includes(' | '))).toBe(true);
  });

  it('never changes the live document', () => {
    const doc = sourceDocument('bbc-1');
    const before = doc.documentElement.outerHTML;
    extractPage(doc, FIXTURE_URL);
    expect(doc.documentElement.outerHTML).toBe(before);
  });

  it('counts words in scripts without spaces (Japanese, Chinese)', () => {
    const ja = extractPage(sourceDocument('yahoo-4'), FIXTURE_URL);
    // Segmented into words, not whitespace runs: far more words than space-separated chunks.
    expect(ja.wordCount).toBeGreaterThan(ja.text.split(/\s+/).length * 2);
    const zh = extractPage(sourceDocument('pixnet'), FIXTURE_URL);
    expect(zh.wordCount).toBeGreaterThan(zh.text.split(/\s+/).length * 2);
  });

  it('reads right-to-left pages', () => {
    const page = extractPage(sourceDocument('rtl-1'), FIXTURE_URL);
    expect(page.wordCount).toBeGreaterThan(10);
    const arabic = '<!doctype html><html lang="ar" dir="rtl"><body><article><h1>مقالة</h1><p>هذه فقرة قصيرة باللغة العربية عن القراءة.</p></article></body></html>';
    const ar = extractPage(parseHtml(arabic, 'https://example.com/ar'), 'https://example.com/ar');
    expect(ar).toMatchObject({ lang: 'ar', wordCount: 8 });
    expect(ar.text).toBe('مقالة\n\nهذه فقرة قصيرة باللغة العربية عن القراءة.');
  });

  it('flags a page with a password field', () => {
    const doc = sourceDocument('001');
    const form = doc.createElement('form');
    form.innerHTML = '<input type="text" name="user"><input type="Password" name="pw">';
    doc.body.append(form);
    expect(extractPage(doc, FIXTURE_URL).hasPasswordField).toBe(true);
  });
});

describe('extractPage fallback for pages that are not articles', () => {
  const nav = '<nav><a href="/">Home</a> <a href="/a">Account settings menu</a></nav>';
  const items = Array.from({ length: 30 }, (_, i) => `<li><a href="/p/${i}">Product number ${i} in the catalogue</a></li>`).join('');

  it('uses the main landmark when Readability finds no article', () => {
    const html = `<!doctype html><html lang="en"><title>Shop</title><body>${nav}<main><h1>Catalogue</h1><ul>${items}</ul></main><footer>Copyright footer text</footer></body></html>`;
    const page = extractPage(parseHtml(html, 'https://shop.example/list'), 'https://shop.example/list');
    expect(page.isArticle).toBe(false);
    expect(page.text).toContain('Product number 29 in the catalogue');
    expect(page.text).not.toContain('Account settings menu');
    expect(page.text).not.toContain('Copyright footer');
    expect(page.blocks[0]).toMatchObject({ kind: 'heading', level: 1 });
    expectConsistentBlocks(page);
  });

  it('falls back to visible text without navigation and hidden parts when there is no landmark', () => {
    const html = `<!doctype html><title>Dashboard</title><body>${nav}<div><ul>${items}</ul></div><div hidden>secret hidden words</div><div style="display: none">more hidden</div></body>`;
    const page = extractPage(parseHtml(html, 'https://app.example/'), 'https://app.example/');
    expect(page.isArticle).toBe(false);
    expect(page.text).toContain('Product number 0');
    expect(page.text).not.toMatch(/hidden|Account settings/);
    expect(page.title).toBe('Dashboard');
  });
});

describe('extractPage on bad input', () => {
  it('gives an empty extraction for an empty page', () => {
    const page = extractPage(parseHtml('', 'https://example.com/empty#x'), 'https://example.com/empty#x');
    expect(page).toMatchObject({ text: '', blocks: [], wordCount: 0, isArticle: false, title: 'example.com' });
    expect(page.canonicalUrl).toBe('https://example.com/empty');
  });

  it('survives binary garbage', () => {
    let seed = 42;
    const bytes = Buffer.from(Array.from({ length: 200_000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) & 0xff));
    const page = extractPage(parseHtml(bytes.toString('latin1'), 'https://example.com/blob'), 'https://example.com/blob');
    expect(typeof page.text).toBe('string');
    expect(page.blocks.every((b) => b.end <= page.text.length)).toBe(true);
  });

  it('extracts a large page completely', () => {
    // Each paragraph its own (numbered): a run of paragraphs repeated word for word is a copy of the page's text (./repeated-blocks).
    const paragraphs = Array.from({ length: 300 }, (_, i) => `<p>Part ${i}. ${'Words of a very long generated report keep going. '.repeat(40)}</p>`).join('');
    const html = `<!doctype html><title>Huge</title><body><article><h1>Huge</h1>${paragraphs}</article></body>`;
    expect(html.length).toBeGreaterThan(600_000);
    const page = extractPage(parseHtml(html, 'https://example.com/huge'), 'https://example.com/huge');
    // Every paragraph is kept (Readability may drop the h1 that repeats the title).
    expect(page.wordCount).toBeGreaterThanOrEqual(300 * 40 * 9);
    expect(page.blocks.filter((b) => b.kind === 'paragraph')).toHaveLength(300);
  });
});

describe('canonical URL', () => {
  const page = (head: string, url = 'https://news.example.com/story?id=1#comments') =>
    extractPage(parseHtml(`<!doctype html><head>${head}</head><body><p>x</p></body>`, url), url).canonicalUrl;

  it('takes rel=canonical of the same site, without its fragment', () => {
    expect(page('<link rel="canonical" href="/story/1#top">')).toBe('https://news.example.com/story/1');
  });

  it('ignores a canonical URL of another origin: a subdomain may not claim its parent, http may not claim https (issue 11 item 4)', () => {
    expect(page('<link rel="canonical" href="https://www.example.com/story/1">')).toBe('https://news.example.com/story?id=1');
    expect(page('<link rel="canonical" href="https://example.com/story/1">')).toBe('https://news.example.com/story?id=1');
    expect(page('<link rel="canonical" href="https://a.news.example.com/story/1">')).toBe('https://news.example.com/story?id=1');
    expect(page('<link rel="canonical" href="https://news.example.com:8443/story/1">')).toBe('https://news.example.com/story?id=1');
    expect(page('<link rel="canonical" href="https://seed.example/0">', 'http://127.0.0.1:8080/x.html')).toBe('http://127.0.0.1:8080/x.html');
  });

  it('uses og:url when there is no canonical link', () => {
    expect(page('<meta property="og:url" content="https://news.example.com/s/1">')).toBe('https://news.example.com/s/1');
  });

  it('ignores a canonical URL of another site and drops the fragment of the page URL', () => {
    expect(page('<link rel="canonical" href="https://evil.example.org/">')).toBe('https://news.example.com/story?id=1');
    expect(page('<link rel="canonical" href="javascript:alert(1)">')).toBe('https://news.example.com/story?id=1');
  });
});

describe('publication date', () => {
  const published = (head: string) => {
    const url = 'https://papers.example.org/abs/1';
    return extractPage(parseHtml(`<!doctype html><head>${head}</head><body><p>x</p></body>`, url), url).publishedTime;
  };

  it("reads a scholarly page's date, declared for Google Scholar or in Dublin Core's terms, as arXiv and PubMed write it", () => {
    // Dates without an offset are read as the browser reads them: in local time.
    expect(Date.parse(published('<meta name="citation_date" content="2025/12/18">') ?? '')).toBe(new Date(2025, 11, 18).getTime());
    expect(Date.parse(published('<meta name="citation_publication_date" content="2023 Jan 7">') ?? '')).toBe(new Date(2023, 0, 7).getTime());
    expect(published('<meta name="DCTERMS.issued" content="2019-06-25">')).toBe('2019-06-25');
  });

  it("prefers an article's own publication time, and ignores what is not a date", () => {
    expect(published('<meta name="citation_date" content="2020/01/01"><meta property="article:published_time" content="2021-02-03T04:05:06Z">')).toBe('2021-02-03T04:05:06Z');
    expect(published('<meta name="citation_date" content="forthcoming">')).toBeUndefined();
  });
});

describe('product pages: the declared description and specifications (JSON-LD)', () => {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: 'Trail Kettle 1.2 L',
    description: 'A titanium kettle for camp stoves.<br>It boils a litre of water in four minutes and folds its handle flat for packing.',
    additionalProperty: [
      { '@type': 'PropertyValue', name: 'Weight', value: '158 g' },
      { '@type': 'PropertyValue', name: 'Capacity', value: 5 },
    ],
  };
  const html = (body: string) =>
    `<!doctype html><html lang="en"><head><title>Trail Kettle</title><script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><header><nav><a href="/">Shop</a></nav></header><main><h1>Trail Kettle 1.2 L</h1>${body}<button>Add to cart</button></main></body></html>`;

  it('adds what the page text lacks, as paragraphs after it', () => {
    const page = extractPage(parseHtml(html('<p>Price: 59 EUR. In stock, ships tomorrow from our warehouse.</p>'), 'https://shop.example/kettle'), 'https://shop.example/kettle');
    expect(page.text).toContain('It boils a litre of water in four minutes');
    expect(page.text).toContain('Weight: 158 g');
    expect(page.text).toContain('Capacity: 5');
    expectConsistentBlocks(page);
  });

  it('adds nothing the page already shows', () => {
    const shown =
      '<p>A titanium kettle for camp stoves. It boils a litre of water in four minutes and folds its handle flat for packing.</p><table><tr><th>Weight</th><td>158 g</td></tr><tr><th>Capacity</th><td>5</td></tr></table>';
    const page = extractPage(parseHtml(html(shown), 'https://shop.example/kettle'), 'https://shop.example/kettle');
    expect(page.text.split('boils a litre')).toHaveLength(2);
    expect(page.text).not.toContain('Weight: 158 g');
  });
});

describe('discussion pages (forum threads, Q&A) are recognised from their declared type', () => {
  it('reads JSON-LD and microdata, and not an ordinary article', () => {
    const ld = (type: string) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': type, headline: 'Thread' })}</script>`;
    const doc = (head: string, body = '') => parseHtml(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, 'https://forum.example/t/1');
    expect(declaresDiscussion(doc(ld('DiscussionForumPosting')))).toBe(true);
    expect(declaresDiscussion(doc(ld('QAPage')))).toBe(true);
    expect(declaresDiscussion(doc('', '<div itemscope itemtype="https://schema.org/DiscussionForumPosting"><p>First post</p></div>'))).toBe(true);
    expect(declaresDiscussion(doc(ld('NewsArticle')))).toBe(false);
  });
});
