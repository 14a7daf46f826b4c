import { describe, expect, it } from 'vitest';
import { dropLinkPreviews, isLinkPreview } from '@/lib/extract/link-previews';
import { wcxbF1 } from '@/lib/extract/wcxb-score';
import { parseHtml } from '../../scripts/html-document';
import { extractWcxb } from '../support/wcxb';

describe('link previews are not the page (lib/extract/link-previews.ts)', () => {
  // 2914 is streamed in parts (lib/extract/streamed-parts.ts): put in place, they add to the promoted cards a link to the
  // maker's comment holding the whole comment (about 3,400 characters, clamped to one line by the page's style), three
  // times. Readability then took those cards and their comments for the article: F1 0.067, precision 0.035.
  it('reads the product cards of 2914 without the comments its promoted cards link to', { timeout: 60_000 }, () => {
    const { page, gold } = extractWcxb('2914');
    expect(page.text).toContain('Top Products Launching Today');
    expect(page.text).toContain('Claude Marketplace');
    expect(page.text).not.toContain('The founding story');
    expect(wcxbF1(page.text, gold.main_content).f1).toBeGreaterThan(0.25);
  });

  const body = (html: string) => parseHtml(`<body>${html}</body>`, 'https://example.org/').body;

  it('tells a link holding long prose from card links and teasers', () => {
    const root = body(
      `<a id="card" href="/p/1"><h3>A product</h3><p>${'A teaser of the product. '.repeat(20)}</p></a>
       <a id="preview" href="/p/2?comment=1"><p>${'The maker tells the whole story of the product at length. '.repeat(50)}</p></a>
       <p id="prose">${'Our own prose, not a link. '.repeat(100)}</p>`,
    );
    expect(isLinkPreview(root.querySelector('#card')!)).toBe(false);
    expect(isLinkPreview(root.querySelector('#preview')!)).toBe(true);
    expect(isLinkPreview(root.querySelector('#prose')!)).toBe(false);
    dropLinkPreviews(root);
    expect(root.querySelector('#preview')).toBeNull();
    expect(root.querySelector('#card')).not.toBeNull();
    expect(root.textContent).toContain('Our own prose');
  });
});
