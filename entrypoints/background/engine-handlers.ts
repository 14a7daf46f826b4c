import { browser } from 'wxt/browser';
import type { EngineMessages, Handlers } from '@/lib/messaging/protocol';
import { loadSettings } from '@/lib/settings';
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
