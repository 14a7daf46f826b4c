import { browser } from 'wxt/browser';
import { createRouter } from '@/lib/messaging/router';
import type { Handlers, Protocol } from '@/lib/messaging/protocol';
import { coreHandlers, startCoreFeature } from './core-handlers';
import { contentValidators, contentHandlers } from './content-handlers';
import { captureHandlers, startCaptureFeature } from './capture-handlers';
import { libraryHandlers, startLibraryFeature } from './library-handlers';
import { engineHandlers, startEngineFeature } from './engine-handlers';
import { tokensHandlers, startTokenFeature } from './tokens-handlers';
import { answersHandlers, startAnswerFeature } from './answers-handlers';
import { startHostLink } from './host-link';
import { historyHandlers, startHistoryFeature } from './history-handlers';

// Wiring only: every listener is registered synchronously at start-up so a
// restarted service worker handles the event that woke it.
export default defineBackground({
  type: 'module',
  main() {
    const handlers = {
      ...coreHandlers,
      ...contentHandlers,
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
    startCoreFeature();
    startCaptureFeature();
    startLibraryFeature();
    startEngineFeature();
    startTokenFeature();
    startAnswerFeature();
    startHistoryFeature();
  },
});
