import { browser } from 'wxt/browser';
import type { EngineMessages, Handlers } from '@/lib/messaging/protocol';
import { SETTINGS_KEY, loadSettings } from '@/lib/settings';
import { ORIGIN_RULE_ID, allowServerOrigin, browserSessionRules, extensionHost } from '@/lib/engine/server-origin';
import { closeHost, ensureHost } from './host-link';

/** Requests of the engine feature. */
export const engineHandlers: Handlers<EngineMessages> = {
  'engine.wake': async () => {
    await ensureHost();
    return { ready: true };
  },
  'engine.config': async () => (await loadSettings(browser.storage.local)).engine,
  'engine.hostIdle': async () => ({ closed: await closeHost() }),
};

/** Keeps the Origin-removal rule on the configured server (lib/engine/server-origin.ts); session rules end with the browser, so it is set at each start. */
async function keepServerOriginRule(): Promise<void> {
  const engine = (await loadSettings(browser.storage.local)).engine;
  await allowServerOrigin(browserSessionRules(), engine.backend === 'openai' ? engine.serverUrl : '', extensionHost(), ORIGIN_RULE_ID.configured);
}

/** Registers the engine feature's listeners; called once at start-up. */
export function startEngineFeature(): void {
  // A new install opens the onboarding in a tab (opening the side panel needs a click; Chat and the
  // popup show the onboarding too until an engine is chosen). It ends with a summary of the page the person was on.
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/welcome.html') }).catch(() => undefined);
  });
  void keepServerOriginRule().catch(() => undefined);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) void keepServerOriginRule().catch(() => undefined);
  });
}
