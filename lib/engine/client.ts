/**
 * The engine as views see it (popup, side panel, the answers feature): an
 * EngineClient over the `engine` Port to the engine host. The first call
 * wakes the host through the background; if the host is torn down mid-call,
 * the call fails with a retryable ConnectionError and the next call brings
 * the host (and the model) back by itself.
 */
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { StreamClient, type PortLike } from '@/lib/messaging/port';
import { PORT_ENGINE, type CachedModel, type EngineEvents, type EngineProgressEvent, type EngineStatus, type EngineStreams } from '@/lib/messaging/protocol';
import type { ChatRequest, ChatResult, EngineClient, EngineInfo, LoadProgress } from './types';

/** The view-side engine: the EngineClient contract plus status, progress and model-cache management. */
export interface ViewEngineClient extends EngineClient {
  /** Loads the configured model (`modelId` overrides the WebLLM model for this load). */
  load(modelId?: string, options?: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal }): Promise<EngineInfo>;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /** What the host is doing: backend, model, context window, loaded or not. */
  getEngineInfo(): Promise<EngineStatus>;
  /** Stops every reply being generated, from any view. */
  abortAll(): Promise<number>;
  /** Models in the browser's model cache, with their sizes. */
  cachedModels(): Promise<CachedModel[]>;
  /** Deletes a model's files (repairs a half download when followed by a new load). */
  deleteModel(modelId: string): Promise<boolean>;
  /** Load progress of any client's load (broadcast). Returns the unsubscribe function. */
  onProgress(listener: (event: EngineProgressEvent) => void): () => void;
  /** Status changes (broadcast). Returns the unsubscribe function. */
  onStatus(listener: (status: EngineStatus) => void): () => void;
  /** Connects now so broadcasts arrive before the first call (wakes the host). */
  connect(): Promise<void>;
  /** Drops the Port. */
  close(): void;
}

/** How the client reaches the host; tests pass an in-memory Port pair. */
export interface EngineClientTransport {
  connect(): PortLike;
  /** Runs before each (re)connection: wakes the host. */
  wake(): Promise<void>;
}

/** The extension's transport: wake through the background, then `runtime.connect({name: 'engine'})`. */
function extensionTransport(): EngineClientTransport {
  return {
    connect: () => browser.runtime.connect({ name: PORT_ENGINE }) as unknown as PortLike,
    wake: async () => {
      await sendToBackground('engine.wake', {});
    },
  };
}

/** Creates the view-side EngineClient over the `engine` Port. */
export function createEngineClient(transport: EngineClientTransport = extensionTransport()): ViewEngineClient {
  // When the host goes away (idle close, teardown) no broadcast says so: tell
  // status listeners ourselves so views do not keep showing "loaded".
  let lastStatus: EngineStatus | null = null;
  const statusListeners = new Set<(status: EngineStatus) => void>();
  const connect = () => {
    const port = transport.connect();
    port.onDisconnect.addListener(() => {
      if (!lastStatus) return;
      lastStatus = { ...lastStatus, loaded: false, loading: false, busy: 0, contextWindow: null };
      for (const listener of statusListeners) listener(lastStatus);
    });
    return port;
  };
  const stream = new StreamClient<EngineStreams, EngineEvents>(connect, transport.wake);
  stream.on('status', (status) => {
    lastStatus = status;
  });
  return {
    load: (modelId, options = {}) => stream.call('load', modelId ? { modelId } : {}, { onChunk: options.onProgress, signal: options.signal }),
    chat: (request: ChatRequest, options = {}): Promise<ChatResult> => stream.call('chat', request, { onChunk: options.onDelta, signal: options.signal }),
    embed: (texts, options = {}) => stream.call('embed', { texts }, { signal: options.signal }),
    unload: async () => {
      await stream.call('unload', {});
    },
    getEngineInfo: async () => (lastStatus = await stream.call('status', {})),
    abortAll: async () => (await stream.call('abort', {})).aborted,
    cachedModels: () => stream.call('cachedModels', {}),
    deleteModel: async (modelId) => (await stream.call('deleteModel', { modelId })).deleted,
    onProgress: (listener) => stream.on('progress', listener),
    onStatus: (listener) => {
      statusListeners.add(listener);
      const off = stream.on('status', listener);
      return () => {
        statusListeners.delete(listener);
        off();
      };
    },
    connect: () => stream.open(),
    close: () => stream.close(),
  };
}
