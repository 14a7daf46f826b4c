import { browser } from 'wxt/browser';
import type { ExtractedPage } from '@/lib/extract/types';
import { GleanerError } from '@/lib/messaging/errors';

// TODO(2026-11-23): replace with the capture feature's on-demand extraction once it lands.
/** Extracts the readable text of a tab on demand. */
export async function readTabText(tabId: number): Promise<ExtractedPage> {
  const [injected] = await browser.scripting.executeScript({
    target: { tabId },
    func: () => {
      const root = document.querySelector('article, main, [role=main]') ?? document.body;
      const blocks: { kind: 'heading' | 'paragraph' | 'list' | 'quote' | 'code'; level?: number; start: number; end: number }[] = [];
      let text = '';
      for (const element of root.querySelectorAll('h1, h2, h3, h4, h5, h6, p, li, pre, blockquote')) {
        if (element.querySelector('p, li, pre')) continue;
        const content = (element.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (!content) continue;
        if (text) text += '\n\n';
        const tag = element.tagName;
        const kind = /^H\d$/.test(tag) ? 'heading' : tag === 'LI' ? 'list' : tag === 'PRE' ? 'code' : tag === 'BLOCKQUOTE' ? 'quote' : 'paragraph';
        blocks.push({ kind, start: text.length, end: text.length + content.length, ...(kind === 'heading' ? { level: Number(tag[1]) } : {}) });
        text += content;
      }
      return { url: location.href, title: document.title, lang: document.documentElement.lang || undefined, text, blocks };
    },
  });
  const result = injected?.result as Pick<ExtractedPage, 'url' | 'title' | 'lang' | 'text' | 'blocks'> | undefined;
  if (!result?.text) throw new GleanerError('This page has no readable text.', { hint: 'Wait for it to finish loading, or try another page.' });
  return {
    ...result,
    canonicalUrl: result.url.split('#')[0]!,
    isArticle: false,
    wordCount: result.text.split(/\s+/).length,
    hasPasswordField: false,
  };
}
