import { browser } from 'wxt/browser';
import { PORT_ENGINE, type EngineMessages, type Handlers } from '@/lib/messaging/protocol';
import type { PortLike } from '@/lib/messaging/port';
import { createEngineClient, type ViewEngineClient } from '@/lib/engine/client';
import { localPortPair } from '@/lib/engine/local-port';
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

let backgroundClient: ViewEngineClient | null = null;

/**
 * The engine for work the background does itself (e.g. embedding chunks for
 * semantic search; it fits lib/library's Embedder): a Port to the offscreen
 * host on Chrome, an in-process Port to the host in this page on Firefox.
 */
export function backgroundEngine(): ViewEngineClient {
  if (backgroundClient) return backgroundClient;
  if (import.meta.env.FIREFOX) {
    let accept: ((port: PortLike) => void) | null = null;
    backgroundClient = createEngineClient({
      wake: async () => {
        await ensureHost();
        const host = await import('@/lib/engine/host');
        accept = (port) => host.engineService()!.accept(port);
      },
      connect: () => {
        const [client, hostSide] = localPortPair(PORT_ENGINE);
        accept!(hostSide);
        return client;
      },
    });
  } else {
    backgroundClient = createEngineClient({
      wake: ensureHost,
      connect: () => browser.runtime.connect({ name: PORT_ENGINE }) as unknown as PortLike,
    });
  }
  return backgroundClient;
}

/** Registers the engine feature's listeners (menus, commands, alarms); called once at start-up. */
export function startEngineFeature(): void {}
