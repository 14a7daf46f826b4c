import { browser } from 'wxt/browser';

/** Firefox's sidebar (`sidebar_action`), which Chrome's typings do not have. */
interface SidebarAction {
  open(): Promise<void>;
  setPanel(details: { panel: string }): void;
}

/**
 * Opens Gleaner's side panel (Chrome) or sidebar (Firefox): in a window, or for a tab with
 * its own page (`path`, e.g. the Tokens view). Call it synchronously inside the user gesture
 * (menu click, command, button): both browsers refuse once an `await` has passed. Resolves
 * false when Chrome was given neither a window nor a tab.
 */
export function openSidePanel(target: { windowId?: number; tabId?: number; path?: `sidepanel.html${string}` } = {}): Promise<boolean> {
  if (import.meta.env.FIREFOX) {
    const sidebar = (browser as unknown as { sidebarAction: SidebarAction }).sidebarAction;
    if (target.path) sidebar.setPanel({ panel: browser.runtime.getURL(`/${target.path}`) });
    return sidebar.open().then(() => true);
  }
  if (target.path && target.tabId !== undefined) void browser.sidePanel.setOptions({ tabId: target.tabId, path: target.path, enabled: true });
  const where =
    target.path && target.tabId !== undefined
      ? { tabId: target.tabId }
      : target.windowId !== undefined
        ? { windowId: target.windowId }
        : target.tabId !== undefined
          ? { tabId: target.tabId }
          : null;
  if (!where) return Promise.resolve(false);
  return browser.sidePanel.open(where as { tabId: number }).then(() => true);
}

/** The window this view is in (a side panel's own window), for the requests left for it (lib/messaging/pending-request.ts). */
export async function thisWindowId(): Promise<number | undefined> {
  return (await browser.windows.getCurrent())?.id;
}

/** The window a tab is in: a request about the tab is for that window's side panel. */
export async function tabWindowId(tabId: number): Promise<number> {
  return (await browser.tabs.get(tabId)).windowId;
}

/**
 * Shows a view of the side panel (`view` is its hash: 'models', 'models?server', 'library').
 * Inside the side panel it switches the view (entrypoints/sidepanel/App.tsx follows the hash);
 * anywhere else (the popup) it opens the side panel at that view for the current tab and
 * closes the popup. Call it from a click handler: opening needs the user gesture.
 */
export async function showPanelView(view: string): Promise<void> {
  if (location.pathname.endsWith('/sidepanel.html')) {
    location.hash = view;
    return;
  }
  const path = `sidepanel.html#${view}` as const;
  if (import.meta.env.FIREFOX) {
    // Firefox refuses once an await has passed: open first, nothing to look up.
    await openSidePanel({ path });
  } else {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    await openSidePanel({ tabId: tab?.id, path });
  }
  window.close();
}
