import { browser } from 'wxt/browser';
import { GLEANER_VERSION } from '@/lib/version';
import { createRouter } from '@/lib/messaging/router';
import type { Handlers, HostProtocol } from '@/lib/messaging/protocol';

const startedAt = Date.now();

/** Requests the background sends to the engine host. */
export function createHostHandlers(): Handlers<HostProtocol> {
  return {
    'host.ping': () => ({
      pong: true,
      context: 'host',
      version: GLEANER_VERSION,
      uptimeMs: Date.now() - startedAt,
    }),
  };
}

/**
 * Starts the engine host in this context (offscreen document on Chrome,
 * background page on Firefox) and returns its handlers for direct calls.
 */
export function startEngineHost(): Handlers<HostProtocol> {
  const handlers = createHostHandlers();
  // On Firefox the host shares the background page: requests arrive by direct call.
  if (!import.meta.env.FIREFOX) {
    browser.runtime.onMessage.addListener(
      createRouter<HostProtocol>('host', handlers, {
        extensionOrigin: browser.runtime.getURL('/').replace(/\/$/, ''),
      }),
    );
  }
  return handlers;
}
