import { afterAll, beforeAll } from 'vitest';
import type { Page } from 'playwright-core';
import { createEngineClient } from '@/lib/engine/client';
import type { PortLike } from '@/lib/messaging/port';
import { launchExtension, type Extension } from './harness';
import { withGgufServer } from '../support/gguf-fixture';
import { describeEngineContract } from '../engine/engine-contract';
import { TINY_CHAT, writeChatModel } from '../../scripts/synthetic-gguf';

/**
 * The EngineClient contract (tests/engine/engine-contract.ts) against the CPU engine with a
 * REAL runtime: llama.cpp in WebAssembly in the built extension's offscreen document, the
 * synthetic GGUF of tests/e2e/cpu-engine.e2e.ts served from 127.0.0.1. The client is the
 * views' own (lib/engine/client.ts), here in Node; its `engine` Port is a real one opened in
 * an extension page, each frame carried across by Playwright.
 */
const models = withGgufServer({ 'tiny-chat.gguf': (file) => writeChatModel(file, TINY_CHAT) });
let ext: Extension;
let page: Page;
const listeners = new Map<number, { message: Array<(m: unknown) => void>; disconnect: Array<() => void> }>();
let nextPort = 0;

beforeAll(async () => {
  ext = await launchExtension();
  page = await ext.openPage('popup.html');
  await page.exposeFunction('gleanerPortMessage', (id: number, message: unknown) => listeners.get(id)?.message.forEach((cb) => cb(message)));
  await page.exposeFunction('gleanerPortDisconnect', (id: number) => listeners.get(id)?.disconnect.forEach((cb) => cb()));
  await page.evaluate(() => chrome.storage.local.set({ settings: { version: 1, engine: { backend: 'cpu' } } }));
}, 120_000);
afterAll(async () => {
  await ext?.close();
});

/** A Port opened in the extension page; its frames cross to Node in order (each call waits for the one before). */
function pagePort(): PortLike {
  const id = nextPort++;
  const entry = { message: [] as Array<(m: unknown) => void>, disconnect: [] as Array<() => void> };
  listeners.set(id, entry);
  type PortWindow = {
    gleanerPorts: Record<number, ReturnType<typeof chrome.runtime.connect>>;
    gleanerPortMessage(id: number, m: unknown): void;
    gleanerPortDisconnect(id: number): void;
  };
  let queue = page.evaluate((id) => {
    const w = window as unknown as PortWindow;
    w.gleanerPorts ??= {};
    const port = chrome.runtime.connect({ name: 'engine' });
    w.gleanerPorts[id] = port;
    port.onMessage.addListener((message) => w.gleanerPortMessage(id, message));
    port.onDisconnect.addListener(() => w.gleanerPortDisconnect(id));
  }, id);
  const send = (fn: (arg: { id: number; message?: unknown }) => void, message?: unknown) => {
    queue = queue.then(() => page.evaluate(fn, { id, message })).catch(() => undefined);
  };
  return {
    name: 'engine',
    postMessage: (message) => send(({ id, message }) => (window as unknown as PortWindow).gleanerPorts[id]!.postMessage(message), message),
    disconnect: () => send(({ id }) => (window as unknown as PortWindow).gleanerPorts[id]!.disconnect()),
    onMessage: { addListener: (cb) => void entry.message.push(cb) },
    onDisconnect: { addListener: (cb) => void entry.disconnect.push(cb) },
  };
}

describeEngineContract([
  {
    name: 'CPU engine (llama.cpp in WebAssembly, offscreen document, synthetic GGUF)',
    create: () =>
      createEngineClient({
        connect: pagePort,
        wake: () => page.evaluate(() => chrome.runtime.sendMessage({ gleaner: 1, target: 'background', type: 'engine.wake', data: {} })).then(() => undefined),
      }),
    get modelId() {
      return models.url('tiny-chat.gguf');
    },
    replyTokens: 24,
  },
]);
