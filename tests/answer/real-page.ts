import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import type { ExtractedBlock } from '@/lib/extract/types';
import { readabilityPagesDir as READABILITY_PAGES } from '../support/fixtures';

/**
 * The text and blocks of a real saved article, read from Readability's
 * reference output (headings, paragraphs, list items), the way extraction lays it out.
 */
export function readSavedArticle(name: string): { title: string; url: string; lang?: string; text: string; blocks: ExtractedBlock[] } {
  const html = readFileSync(`${READABILITY_PAGES}/${name}/expected.html`, 'utf8');
  const meta = JSON.parse(readFileSync(`${READABILITY_PAGES}/${name}/expected-metadata.json`, 'utf8')) as { title: string; lang?: string };
  const { document } = new JSDOM(html).window;
  const blocks: ExtractedBlock[] = [];
  let text = '';
  for (const element of document.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, pre, blockquote')) {
    if (element.querySelector('p, li, pre')) continue;
    const content = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (!content) continue;
    if (text) text += '\n\n';
    const kind = /^H\d$/.test(element.tagName) ? 'heading' : element.tagName === 'LI' ? 'list' : element.tagName === 'PRE' ? 'code' : 'paragraph';
    blocks.push({ kind, start: text.length, end: text.length + content.length, ...(kind === 'heading' ? { level: Number(element.tagName[1]) } : {}) });
    text += content;
  }
  return { title: meta.title, url: `https://example.org/${name}`, lang: meta.lang, text, blocks };
}
