import type { AnswerScope, Retriever } from './ask';
import type { ConversationScope } from './conversation';
import { selectionCutNote } from './selection';
import type { TabPage } from './tabs-scope';
import type { sendToBackground } from '@/lib/messaging/client';

/** Where questions are answered from (the Chat view's scope switch). */
export interface ChatScope {
  kind: 'page' | 'selection' | 'library' | 'tabs';
  /** Tabs only: the tabs the person unticked (every web tab of the window is chosen by default). */
  unchecked?: number[];
  /** Library only: answer from pages of this site. */
  site: string;
  /** Library only: pages read within this many days (0 = any time). */
  days: number;
}

/** A scope made ready to answer from, what a saved conversation records of it, and what to tell the person. */
export interface ResolvedScope {
  scope: AnswerScope;
  saved: ConversationScope;
  lang?: string;
  incognito?: boolean;
  notes?: string[];
}

/** What resolving a scope needs from its context (the side panel passes the real ones). */
export interface ScopeDeps {
  /** Requests to the background. */
  request: typeof sendToBackground;
  /** Embeds texts with the engine (for hybrid library search). */
  embed: (texts: string[]) => Promise<number[][]>;
  /** An error in words for the person (a tab left out says why). */
  describeError: (error: unknown) => string;
}

/** Builds the answer scope: reads the tab(s) or the selection on demand, or searches the library through the background. */
export async function resolveScope(scope: ChatScope, deps: ScopeDeps): Promise<ResolvedScope> {
  const { request, embed, describeError } = deps;
  if (scope.kind === 'library') {
    const since = scope.days > 0 ? Date.now() - scope.days * 86_400_000 : undefined;
    const site = scope.site.trim() || undefined;
    const mode = await request('answers.searchMode', {}).catch(() => ({ hybrid: false, model: '' }));
    const retrieve: Retriever = async (query, options) => {
      // Hybrid search when passages are embedded: the question is embedded here, where the engine is.
      const vector = mode.hybrid
        ? await embed([query]).then(
            (vectors) => vectors[0],
            () => undefined,
          )
        : undefined;
      return request('answers.search', { query, ...options, dense: vector ? { vector, model: mode.model } : undefined });
    };
    // Asked from a private window: not saved either (the question itself is private browsing).
    const tab = await request('answers.activeTab', {}).catch(() => null);
    return {
      scope: { kind: 'library', site, since, retrieve },
      saved: { kind: 'library', site, since },
      incognito: tab?.incognito,
    };
  }
  if (scope.kind === 'tabs') {
    const unchecked = new Set(scope.unchecked ?? []);
    const tabs = (await request('answers.windowTabs', {})).filter((tab) => !unchecked.has(tab.tabId));
    if (tabs.length === 0) throw new Error('Choose at least one web page tab to answer from.');
    // Read in parallel; a tab that cannot be read is reported as left out, the others still answer.
    const reads = await Promise.allSettled(tabs.map((tab) => request('answers.readTab', { tabId: tab.tabId })));
    const pages: TabPage[] = [];
    const unreadable: { url: string; title: string; reason: string }[] = [];
    reads.forEach((read, index) => {
      const tab = tabs[index]!;
      if (read.status === 'fulfilled')
        pages.push({
          url: read.value.url,
          title: read.value.title || tab.title,
          siteName: read.value.siteName,
          text: read.value.text,
          blocks: read.value.blocks,
          readAt: read.value.readAt,
        });
      else unreadable.push({ url: tab.url, title: tab.title, reason: describeError(read.reason) });
    });
    return {
      scope: { kind: 'tabs', pages, unreadable },
      saved: { kind: 'tabs', urls: tabs.map((tab) => tab.url) },
      lang: reads.find((read) => read.status === 'fulfilled')?.value.lang,
      incognito: tabs.some((tab) => tab.incognito),
    };
  }
  const tab = await request('answers.activeTab', {});
  if (!tab) throw new Error('Open a web page first: there is no page to read in this window.');
  if (scope.kind === 'selection') {
    const { text, totalChars } = await request('answers.selection', { tabId: tab.tabId });
    const cut = selectionCutNote(text.length, totalChars);
    return {
      scope: { kind: 'selection', text, page: { url: tab.url, title: tab.title } },
      saved: { kind: 'selection', url: tab.url },
      incognito: tab.incognito,
      notes: cut ? [cut] : [],
    };
  }
  const page = await request('answers.readTab', { tabId: tab.tabId });
  return {
    scope: { kind: 'page', page: { url: page.url, title: page.title, siteName: page.siteName, text: page.text, blocks: page.blocks, readAt: page.readAt } },
    saved: { kind: 'page', url: page.url, title: page.title },
    lang: page.lang,
    incognito: tab.incognito,
    notes: page.note ? [page.note] : [],
  };
}
