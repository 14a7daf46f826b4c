import { describe, expect, it } from 'vitest';
import { resolveScope, type ScopeDeps } from '@/lib/answer/resolve-scope';
import { readSavedArticle } from './real-page';

// The background's replies as a test double (the real background needs a browser: the e2e
// tests drive it); what is under test is how each scope is read and recorded.
const article = readSavedArticle('001');
const tabs = [
  { tabId: 1, url: article.url, title: article.title, incognito: false },
  { tabId: 2, url: 'https://example.org/gone', title: 'Gone', incognito: true },
];
const replies: Record<string, (data: { tabId?: number }) => unknown> = {
  'answers.activeTab': () => tabs[0],
  'answers.windowTabs': () => tabs,
  'answers.readTab': ({ tabId }) => {
    if (tabId !== 1) throw new Error('The tab was closed.');
    return { ...article, canonicalUrl: article.url, isArticle: true, wordCount: 1, hasPasswordField: false, readAt: 5 };
  },
  'answers.selection': () => ({ text: 'A selected sentence.', totalChars: 500_000 }),
  'answers.searchMode': () => ({ hybrid: false, model: '' }),
};
const deps: ScopeDeps = {
  request: (async (type: string, data: { tabId?: number }) => replies[type]!(data)) as ScopeDeps['request'],
  embed: async () => [],
  describeError: (error) => (error as Error).message,
};

describe('resolveScope', () => {
  it('reads this page on demand and records its URL and title', async () => {
    const resolved = await resolveScope({ kind: 'page', site: '', days: 0 }, deps);
    expect(resolved.scope).toMatchObject({ kind: 'page', page: { url: article.url, title: article.title, text: article.text } });
    expect(resolved.saved).toEqual({ kind: 'page', url: article.url, title: article.title });
    expect(resolved.incognito).toBe(false);
  });

  it('says when a selection was cut', async () => {
    const resolved = await resolveScope({ kind: 'selection', site: '', days: 0 }, deps);
    expect(resolved.scope).toMatchObject({ kind: 'selection', text: 'A selected sentence.' });
    expect(resolved.notes?.length).toBe(1);
  });

  it('answers from the tabs that can be read and lists the others with the reason; a private tab makes it private', async () => {
    const resolved = await resolveScope({ kind: 'tabs', site: '', days: 0 }, deps);
    expect(resolved.scope).toMatchObject({ kind: 'tabs', pages: [{ url: article.url }], unreadable: [{ url: 'https://example.org/gone', reason: 'The tab was closed.' }] });
    expect(resolved.saved).toEqual({ kind: 'tabs', urls: [article.url, 'https://example.org/gone'] });
    expect(resolved.incognito).toBe(true);
  });

  it('searches the library with the site and the period, through the background', async () => {
    const resolved = await resolveScope({ kind: 'library', site: ' example.org ', days: 7 }, deps);
    expect(resolved.saved).toMatchObject({ kind: 'library', site: 'example.org' });
    expect(resolved.scope.kind).toBe('library');
  });
});
