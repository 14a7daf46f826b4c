import { browser } from 'wxt/browser';
import { GLEANER_VERSION } from '@/lib/version';
import { createRouter, isExtensionPageSender } from '@/lib/messaging/router';
import { sendToBackground } from '@/lib/messaging/client';
import { PORT_ENGINE, type EngineConfig, type Handlers, type HostProtocol } from '@/lib/messaging/protocol';
import type { PortLike } from '@/lib/messaging/port';
import { loadSettings } from '@/lib/settings';
import { EngineService, type HostBackend } from './service';
import { TestEngine } from './test-engine';
import { OpenAIAdapter } from './openai-adapter';
import { fetchAndExtract } from '@/lib/extract/fetch-page';
import { fetchAndReadPdf } from '@/lib/extract/pdf-read';
import { pdfProgressItem } from '@/lib/messaging/stored';
import { ValidationError } from '@/lib/messaging/errors';
import { BuiltinAdapter } from './builtin-adapter';
import { GgufStore } from './gguf-store';
import { findCpuEmbeddingModel, findCpuModel, isModelUrl, cpuModelUrl, CPU_CATALOG, CPU_EMBEDDING_MODELS } from './cpu-catalog';
import type { CachedModel } from '@/lib/messaging/protocol';

const startedAt = Date.now();
/** How often the host checks whether it has been idle long enough to close. */
const IDLE_CHECK_MS = 30_000;

/** Requests the background sends to the engine host. */
function createHostHandlers(): Handlers<HostProtocol> {
  return {
    'host.ping': () => ({
      pong: true,
      context: 'host',
      version: GLEANER_VERSION,
      uptimeMs: Date.now() - startedAt,
    }),
    'host.readPdf': ({ url }) => {
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.length > 8192) throw new ValidationError('Only PDFs on the web (http and https) can be read.');
      let reported = 0;
      return fetchAndReadPdf(url, (page, pages) => {
        // A few updates a second at most: the views show "page n of m".
        if (page < pages && Date.now() - reported < 200) return;
        reported = Date.now();
        const progress = { url, page, pages };
        // Firefox: the host is the background page and writes the progress itself.
        const sent = import.meta.env.FIREFOX ? pdfProgressItem.setValue(progress) : sendToBackground('answers.pdfProgress', progress);
        void sent.catch(() => undefined);
      });
    },
    'host.fetchPage': ({ url }) => {
      if (typeof url !== 'string' || !/^https?:\/\//i.test(url) || url.length > 8192) throw new ValidationError('Only web pages (http and https) can be fetched.');
      return fetchAndExtract(url, { fetch: (input, init) => fetch(input, init), parse: (html) => new DOMParser().parseFromString(html, 'text/html') });
    },
  };
}

/** Creates the backend for the settings; WebLLM is imported only here, lazily, so the host's first paint stays small. */
async function createBackend(config: EngineConfig): Promise<HostBackend> {
  switch (config.backend) {
    case 'test':
      return new TestEngine();
    case 'openai':
      return new OpenAIAdapter({ baseUrl: config.serverUrl, model: config.serverModel, apiKey: config.serverApiKey, contextWindow: config.serverContextWindow });
    case 'webllm': {
      const { WebLLMAdapter } = await import('./webllm-adapter');
      return new WebLLMAdapter({ embeddingModelId: config.embeddingModelId });
    }
    case 'cpu': {
      const { CpuAdapter, cpuRuntime } = await import('./cpu-adapter');
      const { wasmVariant } = await import('./wasm-features');
      return new CpuAdapter({
        store: new GgufStore(caches),
        embeddingModelId: config.cpuEmbeddingModelId,
        runtime: cpuRuntime({ crossOriginIsolated: globalThis.crossOriginIsolated, hardwareConcurrency: navigator.hardwareConcurrency, wasm: wasmVariant() }, config.cpuThreads),
      });
    }
    case 'builtin':
      return new BuiltinAdapter();
  }
}

/** Reads the engine settings: from the background on Chrome (offscreen documents have no `storage`), directly on Firefox. */
async function readEngineConfig(): Promise<EngineConfig> {
  if (import.meta.env.FIREFOX) return (await loadSettings(browser.storage.local)).engine;
  return sendToBackground('engine.config', {});
}

let service: EngineService | null = null;

/** The engine service of this host (started by startEngineHost). */
export function engineService(): EngineService | null {
  return service;
}

/**
 * Starts the engine host in this context (offscreen document on Chrome,
 * background page on Firefox) and returns its handlers for direct calls.
 */
export function startEngineHost(): Handlers<HostProtocol> {
  const handlers = createHostHandlers();
  service = new EngineService({
    getConfig: readEngineConfig,
    createBackend,
    modelCache: async () => modelCache(),
    onIdle: (idleMs) => {
      // Chrome: the background closes the offscreen document (freeing the GPU);
      // Firefox: the host is the background page, so only the model is freed.
      if (import.meta.env.FIREFOX) void unloadQuietly();
      else void sendToBackground('engine.hostIdle', { idleMs }).catch(() => undefined);
    },
  });
  setInterval(() => service?.checkIdle(), IDLE_CHECK_MS);
  const extensionOrigin = browser.runtime.getURL('/').replace(/\/$/, '');
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PORT_ENGINE) return;
    // The engine Port is the person's model, server and API key: a content script
    // (any web page's world) connecting to it is refused before any request is read.
    if (!isExtensionPageSender(port.sender, extensionOrigin)) {
      port.disconnect();
      return;
    }
    service!.accept(port as unknown as PortLike);
  });
  // On Firefox the host shares the background page: requests arrive by direct call.
  if (!import.meta.env.FIREFOX) {
    browser.runtime.onMessage.addListener(createRouter<HostProtocol>('host', handlers, { extensionOrigin }));
  }
  return handlers;
}

/** WebLLM's Cache Storage and the CPU engine's GGUF files, as one list for the model manager. */
async function modelCache(): Promise<{ list(): Promise<CachedModel[]>; remove(modelId: string): Promise<boolean> }> {
  const webllm = (await import('./webllm-cache')).webllmModelCache();
  const store = new GgufStore(caches);
  // A stored GGUF file is shown under its catalog id when it has one, else under its link.
  const idOf = (url: string) => [...CPU_CATALOG, ...CPU_EMBEDDING_MODELS].find((m) => m.url === url)?.id ?? url;
  return {
    async list() {
      const gguf = (await store.list()).map((f) => ({ modelId: idOf(f.url), bytes: f.bytes, complete: f.complete }));
      return [...(await webllm.list()), ...gguf];
    },
    async remove(modelId) {
      if (findCpuModel(modelId) || findCpuEmbeddingModel(modelId) || isModelUrl(modelId)) return store.remove(cpuModelUrl(modelId)!);
      return webllm.remove(modelId);
    },
  };
}

async function unloadQuietly(): Promise<void> {
  await service?.unloadModel().catch(() => undefined);
}
