import { browser } from 'wxt/browser';
import { pendingRequest, takerWindowId } from '@/lib/messaging/pending-request';
import { pdfProgressItem, pendingSummaryItem, tabSummaryItem } from '@/lib/messaging/stored';
import type { AnswerMessages, Handlers, PendingSummary } from '@/lib/messaging/protocol';
import { GleanerError, ValidationError } from '@/lib/messaging/errors';
import type { ExtractedPage } from '@/lib/extract/types';
import { conversationTable, listConversations, renameConversation, saveConversation } from '@/lib/answer/conversation-store';
import { searchLibraryPassages } from '@/lib/answer/library-retriever';
import { DEFAULT_SETTINGS, embeddingModelOf, loadSettings } from '@/lib/settings';
import { PRIVATE_NOT_SAVED, isPrivateConversation, rememberPrivatePage } from '@/lib/answer/private-pages';
import { boundSelection } from '@/lib/answer/selection';
import { openSidePanel, tabWindowId } from '@/lib/side-panel';
import { isWebUrl } from '@/lib/library/page-identity';
import { SUMMARY_LENGTHS, SUMMARY_STYLES } from '@/lib/answer/prompts';
import { extractTab } from './capture-handlers';
import { libraryDb } from './state';

/**
 * The answers feature in the background: which tab the person is reading,
 * on-demand text of a tab, library passages, saved conversations, and the
 * "Summarize this page" entry points (context menu, keyboard shortcut) that
 * open the side panel on Chat.
 */

const MENU_ID = 'gleaner-summarize-page';
/** "Summarize this page" left for Chat; one not picked up by a panel within a minute is dropped. */
const pendingSummary = pendingRequest<PendingSummary>(pendingSummaryItem, 60_000);

/** The web tabs of a window (the last focused normal window when none is given), in tab strip order. */
async function windowWebTabs(windowId: number | undefined) {
  const target = windowId ?? (await browser.windows.getLastFocused({ windowTypes: ['normal'] }).catch(() => undefined))?.id;
  const tabs = await browser.tabs.query(target === undefined ? { lastFocusedWindow: true } : { windowId: target });
  return tabs.filter((tab) => isWebUrl(tab.url) && tab.id !== undefined).sort((a, b) => a.index - b.index);
}

/** The active web tab of a window, else its most recently used web tab. */
async function activeWebTab(windowId: number | undefined) {
  const web = await windowWebTabs(windowId);
  // Extension pages opened as tabs (and the panel itself) are not "the page being read".
  return web.find((tab) => tab.active) ?? web.sort((a, b) => (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))[0];
}

/** The web tab to read; a page read from a private tab is remembered (in memory) so nothing of it is saved. */
async function readableTab(tabId: number): Promise<{ url: string; incognito: boolean }> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) throw new GleanerError('That tab was closed.', { hint: 'Open the page again and retry.' });
  if (!isWebUrl(tab.url)) throw new GleanerError('Gleaner can only read web pages (http or https).', { hint: 'Switch to a web page tab and retry.' });
  if (tab.incognito) await rememberPrivatePage(browser.storage.session, [tab.url]);
  return { url: tab.url, incognito: tab.incognito };
}

/**
 * Extracts the readable text of a tab on demand through the capture feature
 * (allowed even where automatic capture is paused), with when the page was
 * last read when the library has it.
 */
async function readTabText(tabId: number): Promise<ExtractedPage & { readAt?: number }> {
  const page = await extractTab(tabId);
  const known = await libraryDb()
    .pages.where('url')
    .equals(page.canonicalUrl)
    .first()
    .catch(() => undefined);
  return known ? { ...page, readAt: known.visitedAt } : page;
}

/** True when some library passages have vectors of `model` (semantic search has run). */
async function hasEmbeddedPassages(model: string): Promise<boolean> {
  return (await libraryDb().vectors.where('model').equals(model).limit(1).count()) > 0;
}

/** Saved conversations: the `conversations` table of the library database. */
const conversations = () => conversationTable(libraryDb());

/** Requests of the answers feature. */
export const answersHandlers: Handlers<AnswerMessages> = {
  'answers.activeTab': async ({ windowId }, sender) => {
    const tab = await activeWebTab(windowId ?? sender.windowId);
    return tab ? { tabId: tab.id!, url: tab.url!, title: tab.title ?? tab.url!, incognito: tab.incognito } : null;
  },
  'answers.pdfProgress': async ({ url, page, pages }) => {
    await pdfProgressItem.setValue({ url: String(url), page: Number(page), pages: Number(pages) });
    return { ok: true };
  },
  'answers.windowTabs': async ({ windowId }, sender) =>
    (await windowWebTabs(windowId ?? sender.windowId)).map((tab) => ({ tabId: tab.id!, url: tab.url!, title: tab.title ?? tab.url!, incognito: tab.incognito })),
  'answers.readTab': async ({ tabId }) => {
    const tab = await readableTab(tabId);
    const page = await readTabText(tabId);
    if (tab.incognito) await rememberPrivatePage(browser.storage.session, [page.url, page.canonicalUrl]);
    return page;
  },
  'answers.selection': async ({ tabId }) => {
    await readableTab(tabId);
    const [result] = await browser.scripting.executeScript({ target: { tabId }, func: () => getSelection()?.toString() ?? '' });
    return boundSelection(typeof result?.result === 'string' ? result.result : '');
  },
  'answers.search': async ({ query, limit, site, since, dense }) => {
    if (!query.trim()) throw new ValidationError('Ask a question first.');
    return searchLibraryPassages(libraryDb(), query, { limit: Math.min(Math.max(1, limit), 100), site, since, dense });
  },
  'answers.searchMode': async () => {
    const settings = await loadSettings(browser.storage.local).catch(() => DEFAULT_SETTINGS);
    const model = embeddingModelOf(settings.engine) ?? '';
    return { hybrid: settings.library.semanticSearch && !!model && (await hasEmbeddedPassages(model)), model };
  },
  'answers.takePendingSummary': ({ windowId }) => pendingSummary.take(takerWindowId(windowId)),
  'answers.handOffSummary': async ({ tabId, style, length, choice }) => {
    if (!Number.isInteger(tabId)) throw new ValidationError('A summary needs the tab to read.');
    const known = <T extends string>(value: T | undefined, ids: readonly { id: T }[]) => (ids.some((item) => item.id === value) ? value : undefined);
    await pendingSummary.put(await tabWindowId(tabId), {
      tabId,
      at: Date.now(),
      style: known(style, SUMMARY_STYLES),
      length: known(length, SUMMARY_LENGTHS),
      choice: choice === 'all' || choice === 'beginning' ? choice : undefined,
    });
    return { ok: true };
  },
  'answers.listConversations': () => listConversations(conversations()),
  'answers.getConversation': async ({ id }) => (await conversations().get(id)) ?? null,
  'answers.saveConversation': async (draft) => {
    // Nothing from a private tab reaches the disk, whatever the view asks.
    if (await isPrivateConversation(browser.storage.session, draft)) throw new ValidationError(PRIVATE_NOT_SAVED);
    return { id: await saveConversation(conversations(), draft) };
  },
  'answers.renameConversation': async ({ id, title }) => {
    await renameConversation(conversations(), id, title);
    return { ok: true };
  },
  'answers.deleteConversation': async ({ id }) => {
    await conversations().delete(id);
    return { ok: true };
  },
};

/**
 * Opens the side panel on Chat and leaves a pending summary for it. The panel
 * must be opened before any await: Chrome only allows it inside the gesture.
 */
function summarizeInSidePanel(tab: { id?: number; windowId?: number; url?: string } | undefined): void {
  if (tab?.id === undefined || !isWebUrl(tab.url)) return;
  const opening = openSidePanel({ windowId: tab.windowId });
  const left = (tab.windowId !== undefined ? Promise.resolve(tab.windowId) : tabWindowId(tab.id)).then((windowId) =>
    pendingSummary.put(windowId, { tabId: tab.id!, at: Date.now() }),
  );
  void Promise.all([opening, left]).catch((error: unknown) => console.warn('Gleaner: could not open the side panel to summarize', error));
}

/** Registers the answers feature's listeners (menus, commands, alarms); called once at start-up. */
export function startAnswerFeature(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create(
      { id: MENU_ID, title: 'Summarize this page', contexts: ['page', 'selection'], documentUrlPatterns: ['http://*/*', 'https://*/*'] },
      () => void browser.runtime.lastError,
    );
  });
  // A tab's kept summary goes with the tab (the saved copy stays in history).
  browser.tabs.onRemoved.addListener(
    (tabId) =>
      void tabSummaryItem(tabId)
        .removeValue()
        .catch(() => undefined),
  );
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) summarizeInSidePanel(tab);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'summarize-page') return;
    if (tab) summarizeInSidePanel(tab);
    else void activeWebTab(undefined).then(summarizeInSidePanel);
  });
}
