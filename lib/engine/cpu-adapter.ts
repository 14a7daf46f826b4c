/**
 * The CPU backend: llama.cpp compiled to WebAssembly (@wllama/wllama), the
 * ONLY module that imports it. Loaded with a dynamic import() in the engine
 * host, like WebLLM. GGUF files come from the GgufStore (downloaded once,
 * resumable); the wasm is bundled with the extension (never a CDN). Several
 * threads where the host is cross-origin isolated (Chrome's offscreen
 * document), one thread otherwise (Firefox), and the mode is reported.
 */
import { LogLevel, Wllama, WllamaAbortError, type ChatCompletionChunk } from '@wllama/wllama/esm/index.js';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
// The same wasm with relaxed-SIMD kernels: wxt.config.ts's alias resolves this query to the file it writes.
import relaxedWasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?relaxed&url';
import { AbortedError } from '@/lib/messaging/errors';
import { cpuModelLabel, cpuModelUrl, findCpuEmbeddingModel, findCpuModel } from './cpu-catalog';
import { ContextOverflowError, CpuEngineCrashedError, CpuEngineUnavailableError, DownloadFailedError, UnknownModelError, cpuEngineCrash, toEngineError } from './errors';
import type { GgufStore } from './gguf-store';
import { kvCacheTypes } from './kv-cache-type';
import type { HostBackend } from './service';
import type { ChatRequest, ChatResult, EngineInfo, LoadProgress } from './types';
import { StreamedReply } from './streamed-reply';
import type { WasmVariant } from './wasm-features';

/** How the CPU engine runs here. */
export interface CpuRuntime {
  threads: number;
  /** Which wasm build: relaxed SIMD where the browser has it (lib/engine/wasm-features.ts). */
  wasm: WasmVariant;
  /** Why this many threads and which build, in words. */
  mode: string;
}

/** Threads to use: several only where SharedArrayBuffer works (a cross-origin isolated page); the build the browser can run. */
export function cpuRuntime(env: { crossOriginIsolated?: boolean; hardwareConcurrency?: number; wasm?: WasmVariant }, requested = 0): CpuRuntime {
  const cores = Math.max(1, env.hardwareConcurrency ?? 1);
  const wasm = env.wasm ?? 'simd';
  const simd = wasm === 'relaxed' ? 'WebAssembly relaxed SIMD' : 'WebAssembly SIMD, no relaxed SIMD in this browser';
  if (!env.crossOriginIsolated) {
    return { threads: 1, wasm, mode: `CPU, 1 thread (this browser cannot isolate the engine page, so llama.cpp runs single-threaded; ${simd})` };
  }
  // With 2 cores or fewer, llama.cpp's threads wait on each other more than they help
  // (measured: docs/benchmarks.md, CPU engine); beyond 4 cores leave one for the browser;
  // more than 8 threads rarely helps a small model.
  const threads = requested > 0 ? Math.min(requested, cores) : cores <= 2 ? 1 : cores <= 4 ? cores : Math.min(8, cores - 1);
  return {
    threads,
    wasm,
    mode: threads > 1 ? `CPU, ${threads} threads (${simd}, multi-threaded)` : `CPU, 1 thread (${simd}; one thread is faster on ${cores === 1 ? 'one core' : `${cores} cores`})`,
  };
}

/** Context window the CPU engine allocates: the catalog's, else 4096 (memory grows with it). */
function contextWindowOf(modelId: string): number {
  return findCpuModel(modelId)?.contextWindow ?? 4096;
}

function mb(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MB`;
}

/** Maps download bytes onto the single progress bar (download 0–0.9, loading 0.9–1). */
function downloadProgress(label: string, loaded: number, total: number | null, startedAt: number, startBytes: number, now: number): LoadProgress {
  const fraction = total ? Math.min(1, loaded / total) : 0;
  const seconds = (now - startedAt) / 1000;
  const rate = seconds > 0.5 ? (loaded - startBytes) / seconds : 0;
  const etaSeconds = total && rate > 0 ? Math.round((total - loaded) / rate) : undefined;
  return {
    fraction: 0.9 * fraction,
    phase: 'download',
    text: `Downloading ${label}: ${mb(loaded)}${total ? ` of ${mb(total)}` : ''}`,
    bytesLoaded: loaded,
    ...(total ? { bytesTotal: total } : {}),
    ...(etaSeconds !== undefined ? { etaSeconds } : {}),
  };
}

export interface CpuAdapterOptions {
  store: GgufStore;
  embeddingModelId: string;
  runtime: CpuRuntime;
  /** The wasm's URL (bundled; tests and benchmarks may pass their own). */
  wasmUrl?: string;
  now?: () => number;
}

/**
 * How long loading a file of this size may take before it is given up: one minute plus
 * 5 MB/s, far beyond a normal load (which copies the file into the wasm's memory).
 */
const loadTimeoutMs = (bytes: number) => 60_000 + bytes / 5_000;

/**
 * The load, unless the worker fails first or it takes longer than `timeoutMs`: wllama
 * itself waits for ever for a worker that died. Either way the load is given up in words.
 */
export async function boundedLoad<T>(loading: Promise<T>, options: { failure: Promise<never>; timeoutMs: number }): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`llama.cpp did not finish loading it within ${Math.ceil(options.timeoutMs / 1000)} s`)), options.timeoutMs);
  });
  loading.catch(() => undefined); // given up: its late failure is no one's to report
  try {
    return await Promise.race([loading, options.failure, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A started wllama instance and llama.cpp's last warning and error lines from it. */
interface Instance {
  wllama: Wllama;
  nativeErrors: string[];
}

/** How many of llama.cpp's last warning and error lines are kept to explain a failure. */
const NATIVE_LINES_KEPT = 12;

/** One wllama instance for chat, a second one (embeddings mode) for semantic search. */
export class CpuAdapter implements HostBackend {
  private chat_: (Instance & { modelId: string }) | null = null;
  private embedder: Promise<Instance> | null = null;
  /** The crash that threw the chat model away, until it is loaded again. */
  private crashed: CpuEngineCrashedError | null = null;
  private readonly now: () => number;

  constructor(private readonly options: CpuAdapterOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Downloads (or resumes) the model's file and opens it from storage. */
  private async file(modelId: string, onProgress?: (p: LoadProgress) => void, signal?: AbortSignal): Promise<Blob> {
    const url = cpuModelUrl(modelId);
    if (!url) {
      throw new UnknownModelError(`“${modelId}” is not in the CPU catalog and is not a link to a GGUF file.`, {
        hint: 'Pick a model from the catalog, or paste the https link of a .gguf file.',
      });
    }
    const label = cpuModelLabel(modelId);
    const stored = await this.options.store.status(url);
    if (!stored?.complete) {
      const startedAt = this.now();
      const startBytes = stored?.bytes ?? 0;
      onProgress?.({ fraction: 0, phase: 'download', text: `Downloading ${label}…` });
      await this.options.store.download(url, {
        signal,
        onProgress: (loaded, total) => onProgress?.(downloadProgress(label, loaded, total, startedAt, startBytes, this.now())),
      });
    }
    return this.options.store.open(url);
  }

  private async start(blob: Blob, params: { embeddings: boolean; n_ctx: number }): Promise<Instance> {
    // wllama only logs a worker that fails to start or dies (worker.onerror is its logger's
    // error), and then waits for an answer forever: such an event fails the load at once.
    let failed: (error: Error) => void = () => undefined;
    const failure = new Promise<never>((_, reject) => (failed = reject));
    failure.catch(() => undefined); // a crash after the load is the chat's to report
    // llama.cpp's own warning and error lines (a failed allocation, a failed assertion): kept,
    // the last few, because wllama's errors do not say why llama.cpp gave up.
    const nativeErrors: string[] = [];
    const remember = (args: unknown[]) => {
      const line = args.filter((a) => typeof a === 'string').join(' ');
      if (!line) return;
      nativeErrors.push(line.slice(0, 300));
      if (nativeErrors.length > NATIVE_LINES_KEPT) nativeErrors.shift();
    };
    const logger = {
      ...quietLogger,
      log: (...args: unknown[]) => remember(args),
      warn: (...args: unknown[]) => remember(args),
      error: (...args: unknown[]) => {
        if (args[0] instanceof Event) failed(new CpuEngineUnavailableError(workerFailure(args[0])));
        remember(args);
        quietLogger.error(...args);
      },
    };
    const url = this.options.wasmUrl ?? (this.options.runtime.wasm === 'relaxed' ? relaxedWasmUrl : wasmUrl);
    const wllama = new Wllama({ default: url }, { suppressNativeLog: false, logger });
    // Never the compatibility build from a CDN: everything runs from the extension's own files.
    wllama.setCompat(null);
    const loading = wllama.loadModel([blob], {
      n_ctx: params.n_ctx,
      n_threads: this.options.runtime.threads,
      // CPU only: this backend exists for machines without a usable GPU.
      n_gpu_layers: 0,
      embeddings: params.embeddings,
      ...(params.embeddings ? { n_batch: params.n_ctx, n_ubatch: params.n_ctx } : {}),
      n_parallel: 1,
      // Flash attention on: it reads the prompt ~25 % faster (it skips the causally masked cells), and the q8_0
      // V cache (kvCacheTypes: decode ~50 % faster, half the memory) needs it.
      flash_attn: true,
      ...(params.embeddings ? {} : await kvCacheTypes(blob)),
      // Warnings and errors only: they are what explains a failure (see `remember`).
      log_level: LogLevel.WARN,
    });
    try {
      await boundedLoad(loading, { failure, timeoutMs: loadTimeoutMs(blob.size) });
      // wllama does not look at llama.cpp's answer: a file it cannot read "loads", and the first reply then crashes.
      if ((wllama.getLoadedContextInfo() as { success?: boolean }).success === false) {
        throw new Error('llama.cpp cannot read it (a damaged file, or not a model llama.cpp knows)');
      }
    } catch (error) {
      // A file llama.cpp cannot read, or a crash, must not leave a worker and its memory behind.
      await wllama.exit().catch(() => undefined);
      throw cpuEngineCrash(error, nativeErrors, 'load') ?? error;
    }
    return { wllama, nativeErrors };
  }

  async load(modelId: string, options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<EngineInfo> {
    if (this.chat_?.modelId === modelId) return this.info(modelId);
    await this.unloadChat();
    let blob: Blob;
    try {
      blob = await this.file(modelId, options.onProgress, options.signal);
    } catch (error) {
      throw toEngineError(error);
    }
    options.onProgress?.({ fraction: 0.92, phase: 'compile', text: `Loading ${cpuModelLabel(modelId)} into memory (${this.options.runtime.mode})` });
    try {
      this.chat_ = { modelId, ...(await this.start(blob, { embeddings: false, n_ctx: contextWindowOf(modelId) })) };
      this.crashed = null;
    } catch (error) {
      // Not the file's fault (the worker, a crash, too little memory): deleting and downloading it again would not help.
      if (error instanceof CpuEngineUnavailableError || error instanceof CpuEngineCrashedError) throw error;
      throw new DownloadFailedError(`The model file could not be loaded: ${error instanceof Error ? error.message : String(error)}`, {
        hint: 'The file may be damaged or not a GGUF model: delete it and download it again.',
        action: 'open-models',
      });
    }
    options.onProgress?.({ fraction: 1, phase: 'ready', text: 'Ready' });
    return this.info(modelId);
  }

  private info(modelId: string): EngineInfo {
    return { backend: 'cpu', modelId, contextWindow: contextWindowOf(modelId), runtime: this.options.runtime.mode };
  }

  async chat(request: ChatRequest, options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {}): Promise<ChatResult> {
    const loaded = this.chat_;
    // A request that waited its turn behind one that crashed: the same crash, with its Retry.
    if (!loaded) throw this.crashed ?? new UnknownModelError('No chat model is loaded.');
    const reply = new StreamedReply(options.onDelta, () => this.now());
    let finish: string | null = null;
    let last: ChatCompletionChunk | null = null;
    if (options.signal?.aborted) return { text: '', finishReason: 'abort', stats: { promptTokens: 0, completionTokens: 0, timeToFirstTokenMs: 0 } };
    try {
      const stream = await loaded.wllama.createChatCompletion({
        messages: request.messages,
        stream: true,
        abortSignal: options.signal,
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
        temperature: request.temperature ?? 0.7,
      });
      for await (const chunk of stream) {
        last = chunk;
        reply.add(chunk.choices[0]?.delta?.content);
        if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      }
    } catch (error) {
      // One turn of the event loop first: llama.cpp's last lines, posted by its worker just before it died, are read.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const crash = cpuEngineCrash(error, loaded.nativeErrors, 'reply');
      if (crash) {
        // The instance is dead (wllama answers every later call with "wllama has crashed"):
        // it is thrown away, and the next request loads the model again. What was streamed
        // stays with the view, which shows it as cut off.
        this.crashed = crash;
        await this.discardChat(loaded);
        throw crash;
      }
      if (!(options.signal?.aborted || error instanceof WllamaAbortError)) {
        const message = error instanceof Error ? error.message : String(error);
        if (/context|n_ctx|exceed/i.test(message)) throw new ContextOverflowError(`The text is too long for this model’s context window. (${message.slice(0, 200)})`);
        throw toEngineError(error);
      }
    }
    const timings = last?.timings;
    const usage = last?.usage;
    const aborted = Boolean(options.signal?.aborted);
    return {
      text: reply.text,
      finishReason: aborted ? 'abort' : finish === 'length' ? 'length' : 'stop',
      stats: {
        promptTokens: usage?.prompt_tokens ?? timings?.prompt_n ?? 0,
        completionTokens: usage?.completion_tokens ?? timings?.predicted_n ?? reply.pieces,
        timeToFirstTokenMs: reply.timeToFirstTokenMs(),
        ...(timings?.prompt_per_second ? { prefillTokensPerSecond: timings.prompt_per_second } : {}),
        ...(timings?.predicted_per_second ? { decodeTokensPerSecond: timings.predicted_per_second } : {}),
      },
    };
  }

  /** Embeds with the CPU embedding model (loaded beside the chat model on first use). */
  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    if (!this.embedder) {
      const id = this.options.embeddingModelId;
      const contextWindow = findCpuEmbeddingModel(id)?.contextWindow ?? 512;
      const starting = this.file(id, undefined, options.signal).then((blob) => this.start(blob, { embeddings: true, n_ctx: contextWindow }));
      this.embedder = starting;
      starting.catch(() => {
        if (this.embedder === starting) this.embedder = null;
      });
    }
    const starting = this.embedder;
    let embedder: Instance;
    try {
      embedder = await starting;
    } catch (error) {
      throw toEngineError(error);
    }
    const out: number[][] = [];
    for (const text of texts) {
      if (options.signal?.aborted) throw new AbortedError('Stopped.');
      try {
        const reply = await embedder.wllama.createEmbedding({ input: text });
        out.push(reply.data[0]!.embedding as number[]);
      } catch (error) {
        const crash = cpuEngineCrash(error, embedder.nativeErrors, 'embed');
        if (!crash) throw toEngineError(error);
        // Thrown away like a crashed chat model: the next embedding loads the embedder again.
        if (this.embedder === starting) this.embedder = null;
        await embedder.wllama.exit().catch(() => undefined);
        throw crash;
      }
    }
    return out;
  }

  interrupt(): void {
    // Generations stop through their AbortSignal (the service aborts every running one).
  }

  /** True while a chat model is loaded (false after a crash threw it away): the service then loads it again. */
  get isLoaded(): boolean {
    return this.chat_ !== null;
  }

  private async unloadChat(): Promise<void> {
    const loaded = this.chat_;
    this.chat_ = null;
    await loaded?.wllama.exit().catch(() => undefined);
  }

  /** Ends a crashed instance's worker (wllama's exit terminates it without calling into the dead wasm). */
  private async discardChat(instance: Instance): Promise<void> {
    if (this.chat_?.wllama === instance.wllama) this.chat_ = null;
    await instance.wllama.exit().catch(() => undefined);
  }

  async unload(): Promise<void> {
    await this.unloadChat();
    const embedder = this.embedder;
    this.embedder = null;
    await embedder?.then((e) => e.wllama.exit()).catch(() => undefined);
  }
}

/** The words for a worker that could not start or died (an ErrorEvent carries a message; a failed script load, none). */
function workerFailure(event: Event): string {
  const message = 'message' in event && typeof event.message === 'string' && event.message ? ` (${event.message})` : '';
  return `The CPU engine stopped: the worker that llama.cpp runs in could not start or crashed${message}.`;
}

const quietLogger = {
  debug: () => undefined,
  log: () => undefined,
  warn: (...args: unknown[]) => console.warn('[wllama]', ...args),
  error: (...args: unknown[]) => console.error('[wllama]', ...args),
};
