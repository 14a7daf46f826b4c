import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { extractPage } from '@/lib/extract/extract-page';
import type { StructuredText } from '@/lib/extract/blocks';
import { parseHtml } from '../../scripts/html-document';
import { wcxbPagesDir } from '../support/fixtures';

/** A saved WCXB page of tests/fixtures/wcxb, parsed. */
function wcxbDocument(id: string): { doc: Document; url: string } {
  const { url } = JSON.parse(readFileSync(path.join(wcxbPagesDir, `${id}.json`), 'utf8')) as { url: string };
  const html = gunzipSync(readFileSync(path.join(wcxbPagesDir, `${id}.html.gz`))).toString('utf8');
  return { doc: parseHtml(html, url), url };
}

// The readings scripts/eval-learned.ts weighs (ExtractOptions.candidates), on real pages: a forum thread, a collection.
describe('extractPage: every reading of a page, for evaluation', () => {
  it.each(['0575', '4329'])(
    '%s: offers Readability’s article and the visible-text fallback, and chooses the same text as without the option',
    (id) => {
      // Extraction reads a copy of the page and never changes it: one document serves both runs.
      const { doc, url } = wcxbDocument(id);
      const chosen = extractPage(doc, url);
      const offered = new Map<string, StructuredText>();
      const page = extractPage(doc, url, { candidates: (name, structured) => offered.set(name, structured) });

      expect(page.text).toBe(chosen.text);
      expect([...offered.keys()]).toEqual(expect.arrayContaining(['readability', 'fallback']));
      for (const structured of offered.values()) {
        expect(structured.text.length).toBeGreaterThan(0);
        expect(structured.blocks.map((b) => structured.text.slice(b.start, b.end)).join('\n\n')).toBe(structured.text);
      }
      // The whole visible page holds more than the one post or card Readability keeps.
      expect(offered.get('fallback')!.text.length).toBeGreaterThan(offered.get('readability')!.text.length);
      // Each page is read twice, every reading worked out: generous under a loaded machine (a second or two when idle).
    },
    120_000,
  );
});
