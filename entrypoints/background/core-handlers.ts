import { browser } from 'wxt/browser';
import { GLEANER_VERSION } from '@/lib/version';
import type { CoreMessages, Handlers } from '@/lib/messaging/protocol';
import { callHost } from './host-link';
import { openSidePanel } from '@/lib/side-panel';

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
    return { opened: await openSidePanel({ windowId: target }) };
  },
};

/** The `open-side-panel` keyboard shortcut (a user gesture, so the panel may open). */
export function startCoreFeature(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command !== 'open-side-panel') return;
    void openSidePanel({ windowId: tab?.windowId });
  });
}
