import { browser } from 'wxt/browser';
import type { TokenMessages, Handlers, PendingTokenCount } from '@/lib/messaging/protocol';
import { openSidePanel, tabWindowId } from '@/lib/side-panel';
import { pendingRequest, takerWindowId } from '@/lib/messaging/pending-request';
import { pendingTokenCountItem } from '@/lib/messaging/stored';

// "Count tokens": the context menu on a selection and the `count-tokens` command open
// the side panel at #tokens and leave a small note in storage.session saying which tab
// and frame to read. The Tokens view then reads the text from the tab itself
// (scripting.executeScript), so a 10 MB selection never passes through the worker,
// storage.session (10 MB quota) or a message.

const MENU_ID = 'gleaner-count-tokens';
const PANEL_PATH = 'sidepanel.html#tokens';

/** "Count tokens" left for the Tokens view; one not picked up by a view within a minute is dropped. */
const pendingCount = pendingRequest<PendingTokenCount>(pendingTokenCountItem, 60_000);

/** Leaves the count for the Tokens view of the tab's window (`windowId` when the caller knows it). */
async function savePending(tabId: number, frameId: number, source: PendingTokenCount['source'], windowId?: number): Promise<PendingTokenCount> {
  const pending: PendingTokenCount = { tabId, frameId, source, at: Date.now() };
  await pendingCount.put(windowId ?? (await tabWindowId(tabId)), pending);
  return pending;
}

/**
 * Opens the Tokens view for a tab. Must run synchronously inside the user-gesture
 * handler (menu click, command): `sidePanel.open` refuses once the gesture has passed.
 */
function openTokensPanel(tabId: number | undefined, windowId: number | undefined): void {
  void openSidePanel({ tabId, windowId, path: PANEL_PATH }).catch((error: Error) => console.warn('Gleaner: side panel', error.message));
}

/** Requests of the tokens feature. */
export const tokensHandlers: Handlers<TokenMessages> = {
  'tokens.countTab': ({ tabId, frameId = 0, source }) => savePending(tabId, frameId, source),
  'tokens.takePending': ({ windowId }) => pendingCount.take(takerWindowId(windowId)),
};

/** Registers the tokens feature's listeners (menus, commands, alarms); called once at start-up. */
export function startTokenFeature(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: MENU_ID, title: 'Count tokens', contexts: ['selection'] }, () => {
      // A second install event (update) finds the item already there: nothing to do.
      void browser.runtime.lastError;
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== MENU_ID || tab?.id === undefined) return;
    openTokensPanel(tab.id, tab.windowId);
    void savePending(tab.id, info.frameId ?? 0, 'selection', tab.windowId);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'count-tokens' || tab?.id === undefined) return;
    openTokensPanel(tab.id, tab.windowId);
    void savePending(tab.id, 0, 'selection', tab.windowId);
  });
}
