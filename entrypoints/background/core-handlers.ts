import { browser } from 'wxt/browser';
import { GLEANER_VERSION } from '@/lib/version';
import type { CoreMessages, Handlers } from '@/lib/messaging/protocol';
import { callHost } from './host-link';

const startedAt = Date.now();

/** Health checks and window-level actions. */
export const coreHandlers: Handlers<CoreMessages> = {
  'core.ping': () => ({
    pong: true,
    context: 'background',
    version: GLEANER_VERSION,
    uptimeMs: Date.now() - startedAt,
  }),
  'core.hostPing': ({ from }) => callHost('host.ping', { from: `${from} via background` }),
  'core.openSidePanel': async ({ windowId }, sender) => {
    const target = windowId ?? sender.windowId ?? (await browser.windows.getCurrent()).id;
    if (import.meta.env.FIREFOX) {
      await (browser as unknown as { sidebarAction: { open(): Promise<void> } }).sidebarAction.open();
      return { opened: true };
    }
    if (target === undefined) return { opened: false };
    await browser.sidePanel.open({ windowId: target });
    return { opened: true };
  },
};

/** The `open-side-panel` keyboard shortcut (a user gesture, so the panel may open). */
export function startCoreFeature(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'open-side-panel') return;
    if (import.meta.env.FIREFOX) {
      void (browser as unknown as { sidebarAction: { open(): Promise<void> } }).sidebarAction.open();
    } else if (tab?.windowId !== undefined) {
      void browser.sidePanel.open({ windowId: tab.windowId });
    }
  });
}
