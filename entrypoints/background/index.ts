import { browser } from 'wxt/browser';
import { createRouter } from '@/lib/messaging/router';
import type { Handlers, Protocol } from '@/lib/messaging/protocol';
import { coreHandlers, startCoreFeature } from './core-handlers';
import { captureHandlers, contentValidators, startCaptureFeature } from './capture-handlers';
import { libraryHandlers } from './library-handlers';
import { engineHandlers, startEngineFeature } from './engine-handlers';
import { tokensHandlers, startTokenFeature } from './tokens-handlers';
import { answersHandlers, startAnswerFeature } from './answers-handlers';
import { startHostLink } from './host-link';
import { startBackgroundState } from './state';
import { historyHandlers, startHistoryFeature } from './history-handlers';

// Wiring only: state lives in ./state, requests in ./*-handlers. Every listener is
// registered synchronously at start-up so a restarted service worker handles the event that woke it.
export default defineBackground({
  type: 'module',
  main() {
    const handlers = {
      ...coreHandlers,
      ...captureHandlers,
      ...libraryHandlers,
      ...engineHandlers,
      ...tokensHandlers,
      ...answersHandlers,
      ...historyHandlers,
    } satisfies Handlers<Protocol>;
    browser.runtime.onMessage.addListener(
      createRouter<Protocol>('background', handlers, {
        extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
        contentScriptValidators: contentValidators,
      }),
    );
    startHostLink();
    startBackgroundState();
    startCoreFeature();
    startCaptureFeature();
    startEngineFeature();
    startTokenFeature();
    startAnswerFeature();
    startHistoryFeature();
  },
});
