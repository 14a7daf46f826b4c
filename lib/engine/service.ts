/**
 * The engine service that lives in the engine host: one active backend
 * (WebLLM, an OpenAI-compatible server, or the test engine), many clients on
 * the `engine` Port. It loads on demand (a chat with no model loaded brings
 * the model back by itself), broadcasts load progress and status to every
 * client, serializes WebLLM generations (one GPU), and reports idleness so
 * the host can be closed.
 */
import { StreamServer, type PortLike, type StreamContext, type StreamHandlers } from '@/lib/messaging/port';
import { AbortedError, serializeError, type WireError } from '@/lib/messaging/errors';
import type { CachedModel, EngineConfig, EngineEvents, EngineProgressEvent, EngineStatus, EngineStreams } from '@/lib/messaging/protocol';
import { NoModelError, toEngineError } from './errors';
import { configuredModelId, engineLabel } from './choices';
import type { EngineClient, EngineInfo, LoadProgress } from './types';

/** A backend as the service drives it: the EngineClient contract plus optional cache management. */
export interface HostBackend extends EngineClient {
  /** Stops every generation in progress (WebLLM: interruptGenerate). */
  interrupt?(): void;
  /** False once the backend lost its model by itself (the CPU engine throws a crashed instance away): the next request loads it again. */
  readonly isLoaded?: boolean;
}

/** What the service needs from its host context. */
export interface EngineServiceDeps {
  /** Reads the engine settings (the offscreen document asks the background). */
  getConfig(): Promise<EngineConfig>;
  /** Creates the backend for a config (WebLLM is imported lazily here). */
  createBackend(config: EngineConfig): Promise<HostBackend>;
  /** WebLLM's model cache, for the model manager (absent where WebLLM cannot run). */
  modelCache?(): Promise<{
    list(): Promise<CachedModel[]>;
    remove(modelId: string): Promise<boolean>;
  }>;
  /** Called when no request came for the configured idle period. */
  onIdle?(idleMs: number): void;
  /** Clock (tests pass a fake one). */
  now?(): number;
}

/** A copy of `config` whose local model is `modelId` (the settings object itself is never changed). */
function withModel(config: EngineConfig, modelId: string): EngineConfig {
  return config.backend === 'cpu' ? { ...config, cpuModelId: modelId } : { ...config, webllmModelId: modelId };
}

function backendKey(config: EngineConfig): string {
  const extra =
    config.backend === 'openai'
      ? [config.serverUrl, config.serverApiKey, config.serverContextWindow]
      : config.backend === 'cpu'
        ? [config.cpuThreads, config.cpuEmbeddingModelId]
        : null;
  return JSON.stringify([config.backend, configuredModelId(config), extra]);
}

interface Active {
  key: string;
  config: EngineConfig;
  backend: HostBackend;
  info: EngineInfo | null;
}

/** The engine of the host: serves EngineStreams on every Port it accepts. */
export class EngineService {
  readonly server: StreamServer<EngineStreams, EngineEvents>;
  private active: Active | null = null;
  private switching: Promise<Active> | null = null;
  private loading: { key: string; promise: Promise<EngineInfo>; listeners: Set<(p: LoadProgress) => void>; controller: AbortController } | null = null;
  private readonly running = new Set<AbortController>();
  private gpuQueue: Promise<unknown> = Promise.resolve();
  private lastConfig: EngineConfig | null = null;
  /**
   * A model chosen by `load({modelId})`: it stays in use for later calls until
   * the settings themselves change (keyed by the settings it was chosen under).
   */
  private override: { settingsKey: string; modelId: string } | null = null;
  private lastError: WireError | undefined;
  private lastActivity: number;
  private readonly now: () => number;

  constructor(private readonly deps: EngineServiceDeps) {
    this.now = deps.now ?? (() => Date.now());
    this.lastActivity = this.now();
    this.server = new StreamServer<EngineStreams, EngineEvents>(this.handlers());
  }

  /** Serves one client Port. */
  accept(port: PortLike): void {
    this.server.accept(port);
    this.touch();
  }

  /** The status every client sees. */
  status(): EngineStatus {
    const config = this.active?.config ?? this.lastConfig;
    return {
      backend: config?.backend ?? 'webllm',
      modelId: config ? configuredModelId(config) || null : null,
      label: config ? engineLabel(config) : 'Not started',
      loaded: Boolean(this.active?.info),
      loading: this.loading !== null,
      contextWindow: this.active?.info?.contextWindow ?? null,
      ...(this.active?.info?.runtime ? { runtime: this.active.info.runtime } : {}),
      busy: this.running.size,
      clients: this.server.clientCount,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /** Calls `onIdle` when nothing ran for the configured idle period; returns whether it did. */
  checkIdle(): boolean {
    const idleMs = (this.lastConfig?.idleMinutes ?? 10) * 60_000;
    if (idleMs <= 0 || this.running.size > 0 || this.loading) return false;
    const idleFor = this.now() - this.lastActivity;
    if (idleFor < idleMs) return false;
    this.deps.onIdle?.(idleFor);
    this.lastActivity = this.now();
    return true;
  }

  /** Frees the model; returns whether one was loaded. */
  async unloadModel(): Promise<boolean> {
    const previous = this.active;
    this.active = null;
    if (previous) await previous.backend.unload();
    this.publishStatus();
    return previous !== null;
  }

  private touch(): void {
    this.lastActivity = this.now();
  }

  private publishStatus(): void {
    this.server.broadcast('status', this.status());
  }

  /** The settings, with the model a `load({modelId})` chose while they have not changed since. */
  private async config(): Promise<EngineConfig> {
    const settings = await this.deps.getConfig();
    if (this.override && this.override.settingsKey !== backendKey(settings)) this.override = null;
    // A copy: the settings object may be shared with the caller (and is in tests).
    this.lastConfig = this.override ? withModel(settings, this.override.modelId) : { ...settings };
    return this.lastConfig;
  }

  /** The backend for the current settings, replacing (and unloading) the old one when they changed. */
  private async backendFor(config: EngineConfig): Promise<Active> {
    const key = backendKey(config);
    while (this.switching) await this.switching.catch(() => undefined);
    if (this.active?.key === key) return this.active;
    this.switching = (async () => {
      const previous = this.active;
      this.active = null;
      if (previous) await previous.backend.unload().catch(() => undefined);
      if (!configuredModelId(config)) throw new NoModelError();
      const backend = await this.deps.createBackend(config);
      this.active = { key, config, backend, info: null };
      return this.active;
    })();
    try {
      return await this.switching;
    } finally {
      this.switching = null;
    }
  }

  /** Loads the configured model once, sharing progress with every waiting caller and every client. */
  private async ensureLoaded(active: Active, onProgress?: (p: LoadProgress) => void, signal?: AbortSignal): Promise<EngineInfo> {
    if (active.info) return active.info;
    if (this.loading?.key !== active.key) {
      const listeners = new Set<(p: LoadProgress) => void>();
      const controller = new AbortController();
      const modelId = configuredModelId(active.config);
      const promise = active.backend
        .load(modelId, {
          signal: controller.signal,
          onProgress: (progress) => {
            for (const listener of listeners) listener(progress);
            this.server.broadcast('progress', { modelId, progress } satisfies EngineProgressEvent);
          },
        })
        .then(
          (info) => {
            active.info = info;
            this.lastError = undefined;
            return info;
          },
          (error: unknown) => {
            const mapped = toEngineError(error);
            this.lastError = serializeError(mapped);
            throw mapped;
          },
        )
        .finally(() => {
          if (this.loading?.promise === promise) this.loading = null;
          this.touch();
          this.publishStatus();
        });
      this.loading = { key: active.key, promise, listeners, controller };
      this.publishStatus();
    }
    const loading = this.loading!;
    if (onProgress) loading.listeners.add(onProgress);
    // A person cancelling a download (the Models view's load) stops it; what arrived is kept by the backend.
    const cancel = () => loading.controller.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      return await loading.promise;
    } finally {
      signal?.removeEventListener('abort', cancel);
      if (onProgress) loading.listeners.delete(onProgress);
    }
  }

  /** Runs `task` alone on the GPU when the backend is WebLLM; other backends run concurrently. */
  private exclusive<T>(active: Active, task: () => Promise<T>): Promise<T> {
    // One GPU (WebLLM), or one set of CPU threads (llama.cpp): generations take turns.
    if (active.config.backend !== 'webllm' && active.config.backend !== 'cpu') return task();
    const run = this.gpuQueue.then(task, task);
    this.gpuQueue = run.catch(() => undefined);
    return run;
  }

  private handlers(): StreamHandlers<EngineStreams> {
    return {
      load: async (params, ctx) => {
        this.touch();
        let config = await this.config();
        if (params.modelId && (config.backend === 'webllm' || config.backend === 'cpu')) {
          const settings = await this.deps.getConfig();
          this.override = { settingsKey: backendKey(settings), modelId: params.modelId };
          config = this.lastConfig = withModel(settings, params.modelId);
        }
        const active = await this.backendFor(config);
        return this.ensureLoaded(active, (p) => ctx.emit(p), ctx.signal);
      },
      chat: async (params, ctx) => this.chat(params, ctx),
      abort: async () => {
        const count = this.running.size;
        for (const controller of this.running) controller.abort();
        this.active?.backend.interrupt?.();
        return { aborted: count };
      },
      embed: async (params, ctx) => {
        this.touch();
        const config = await this.config();
        const active = await this.backendFor(config);
        if (!active.backend.embed)
          throw new NoModelError('This backend has no embedding model.', { hint: 'Semantic search needs a local engine: WebLLM (GPU) or the CPU engine.' });
        try {
          return await this.exclusive(active, () => active.backend.embed!(params.texts, { signal: ctx.signal }));
        } catch (error) {
          throw toEngineError(error);
        } finally {
          this.touch();
        }
      },
      unload: async () => ({ unloaded: await this.unloadModel() }),
      status: async () => {
        await this.config().catch(() => undefined);
        return this.status();
      },
      cachedModels: async () => (this.deps.modelCache ? (await this.deps.modelCache()).list() : []),
      deleteModel: async (params) => {
        if (!this.deps.modelCache) return { deleted: false };
        const previous = this.active;
        const config = previous?.config;
        const inUse = config && (configuredModelId(config) === params.modelId || (config.backend === 'cpu' && config.cpuEmbeddingModelId === params.modelId));
        if (previous && inUse && (config.backend === 'webllm' || config.backend === 'cpu')) {
          this.active = null;
          await previous.backend.unload().catch(() => undefined);
          this.publishStatus();
        }
        return { deleted: await (await this.deps.modelCache()).remove(params.modelId) };
      },
    };
  }

  private async chat(params: EngineStreams['chat']['params'], ctx: StreamContext<string>) {
    this.touch();
    const controller = new AbortController();
    const stop = () => controller.abort();
    ctx.signal.addEventListener('abort', stop, { once: true });
    this.running.add(controller);
    this.publishStatus();
    let active: Active | null = null;
    try {
      const config = await this.config();
      const current = (active = await this.backendFor(config));
      await this.ensureLoaded(current);
      if (controller.signal.aborted) throw new AbortedError('Stopped.');
      return await this.exclusive(current, () => current.backend.chat(params, { onDelta: (text) => ctx.emit(text), signal: controller.signal }));
    } catch (error) {
      const mapped = toEngineError(error);
      if (!(mapped instanceof AbortedError)) this.lastError = serializeError(mapped);
      // The model is gone with the crash: the status says so, and the next request loads it again.
      if (active?.backend.isLoaded === false) active.info = null;
      throw mapped;
    } finally {
      ctx.signal.removeEventListener('abort', stop);
      this.running.delete(controller);
      this.touch();
      this.publishStatus();
    }
  }
}
