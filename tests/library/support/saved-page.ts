import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import type { ExtractedBlock, ExtractedPage } from '@/lib/extract/types';
import { readabilityPagesDir } from '../../support/fixtures';

/** The folder of Mozilla Readability's real saved pages. */
export const PAGES_DIR = readabilityPagesDir;

/**
 * A real saved page as the library receives it: the text and blocks of
 * Readability's reference output (`expected.html`) and its metadata. Built
 * here (not by lib/extract) so library tests do not depend on extraction.
 * `pagesDir` is for the evaluation scripts, which read the full set of pages.
 */
export function savedPage(name: string, url = `https://example.org/${name}`, pagesDir = PAGES_DIR): ExtractedPage {
  const dir = path.join(pagesDir, name);
  const dom = new JSDOM(readFileSync(path.join(dir, 'expected.html'), 'utf8'));
  const meta = JSON.parse(readFileSync(path.join(dir, 'expected-metadata.json'), 'utf8')) as Record<string, string | undefined>;
  let text = '';
  const blocks: ExtractedBlock[] = [];
  const selector = 'h1, h2, h3, h4, h5, h6, p, li, pre, blockquote, td';
  for (const el of dom.window.document.querySelectorAll(selector)) {
    if (el.parentElement?.closest(selector)) continue;
    const content = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!content) continue;
    if (text) text += '\n\n';
    const start = text.length;
    text += content;
    const tag = el.tagName.toLowerCase();
    const heading = /^h[1-6]$/.test(tag);
    blocks.push({ kind: heading ? 'heading' : tag === 'li' ? 'list' : 'paragraph', ...(heading ? { level: Number(tag[1]) } : {}), start, end: text.length });
  }
  return {
    url,
    canonicalUrl: url,
    title: meta.title ?? name,
    byline: meta.byline ?? undefined,
    siteName: meta.siteName ?? undefined,
    lang: meta.lang ?? undefined,
    text,
    blocks,
    isArticle: true,
    wordCount: text.split(/\s+/).length,
    hasPasswordField: false,
  };
}

/** A minimal page for tests that need specific text. */
export function page(url: string, title: string, text: string, extra: Partial<ExtractedPage> = {}): ExtractedPage {
  return { url, canonicalUrl: url, title, text, blocks: [], isArticle: true, wordCount: text.split(/\s+/).length, hasPasswordField: false, ...extra };
}
