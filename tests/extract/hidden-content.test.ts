import { describe, expect, it } from 'vitest';
import { extractPage } from '@/lib/extract/extract-page';
import { hiddenContent } from '@/lib/extract/hidden-content';
import { snippetHits, wcxbF1 } from '@/lib/extract/wcxb-score';
import { parseHtml } from '../../scripts/html-document';
import { extractWcxb } from '../support/wcxb';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('content hidden until a script runs (lib/extract/hidden-content.ts), on a real WCXB page', () => {
  // React's streamed rendering sends this product review in a <div hidden id="S:2"> that a script moves into the empty
  // <main>: with the scripts not run, every reading that honours hidden parts was empty (F1 0).
  it('reads the streamed content of 4168', () => {
    const { page, gold } = extractWcxb('4168');
    expect(page.text).toContain('WHAT YOU NEED TO KNOW');
    expect(snippetHits(page.text, gold.with, gold.without).withFound).toBe(gold.with.length);
    expect(wcxbF1(page.text, gold.main_content).f1).toBeGreaterThan(0.75);
  });
});

describe('hiddenContent', () => {
  const prose = (n: number) => 'the coffee roast '.repeat(n);
  const count = (text: string) => words(text);

  it('reads a main landmark hidden by an inline style, without the page chrome', () => {
    const doc = parseHtml(
      `<body><header><nav><a href="/">Home</a> <a href="/shop">Shop all</a></nav></header>
       <main><div style="display:none"><h1>Coffee</h1><ul><li>Dark Roast ${prose(40)}</li><li>Blueberry ${prose(40)}</li></ul></div></main></body>`,
      'https://example.org/collections/coffee',
    );
    const reading = hiddenContent(doc, count)!;
    expect(reading.text).toContain('Dark Roast');
    expect(reading.text).not.toContain('Shop all');
  });

  it("keeps a product's declared description on a page whose content is hidden, not the shop around it", () => {
    const description = 'A dark roast with notes of cocoa and cherry, roasted in small batches. '.repeat(3);
    const doc = parseHtml(
      `<head><script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Dark Roast', description })}</script></head>
       <body><main><div style="display:none"><h1>Dark Roast</h1><p>Access Denied: enable customer accounts ${prose(40)}</p><p>You may also like ${prose(40)}</p></div></main></body>`,
      'https://example.org/products/dark-roast',
    );
    const page = extractPage(doc, 'https://example.org/products/dark-roast');
    expect(page.text).toContain('notes of cocoa and cherry');
    expect(page.text).not.toContain('Access Denied');
  });

  it('reads nothing from a page with little hidden text, and a page that shows its content keeps reading only what it shows', () => {
    expect(hiddenContent(parseHtml(`<body><main><div hidden>A menu</div></main></body>`, 'https://example.org/'), count)).toBeUndefined();
    const shown = parseHtml(`<body><main><p>${prose(60)}</p><div hidden><p>Hidden tab ${prose(60)}</p></div></main></body>`, 'https://example.org/');
    expect(extractPage(shown, 'https://example.org/').text).not.toContain('Hidden tab');
  });
});
