/**
 * The WebLLM backend: the ONLY module that imports `@mlc-ai/web-llm`. It is
 * loaded with a dynamic import() inside the engine host, so neither the
 * background, the popup, the side panel nor even the host's first paint
 * carries WebLLM.
 */
import { MLCEngine, prebuiltAppConfig, type ChatCompletionMessageParam, type CompletionUsage, type InitProgressReport } from '@mlc-ai/web-llm';
import { AbortedError } from '@/lib/messaging/errors';
import { findCatalogModel } from './catalog';
import { ContextOverflowError, DownloadFailedError, UnknownModelError, toEngineError } from './errors';
import { mapWebLLMProgress } from './load-progress';
import type { HostBackend } from './service';
import type { ChatRequest, ChatResult, EngineInfo, LoadProgress } from './types';
import { StreamedReply } from './streamed-reply';

/** The context window WebLLM will use for a model id (its config's override, else the catalog's, else 4096). */
function webllmContextWindow(modelId: string): number {
  const record = prebuiltAppConfig.model_list.find((m) => m.model_id === modelId);
  return record?.overrides?.context_window_size ?? findCatalogModel(modelId)?.contextWindow ?? 4096;
}

/** One MLCEngine: the chat model, plus the embedding model when semantic search asks for it. */
export class WebLLMAdapter implements HostBackend {
  private engine: MLCEngine | null = null;
  private chatModelId: string | null = null;
  private loadedIds: string[] = [];
  private progressListener: ((p: LoadProgress) => void) | null = null;
  private readonly embeddingModelId: string;

  /** Milliseconds without any progress after which a load is stopped as stalled. */
  private readonly stallMs: number;

  constructor(options: { embeddingModelId: string; stallMs?: number }) {
    this.embeddingModelId = options.embeddingModelId;
    this.stallMs = options.stallMs ?? 90_000;
  }

  private getEngine(): MLCEngine {
    this.engine ??= new MLCEngine({
      appConfig: prebuiltAppConfig,
      initProgressCallback: (report: InitProgressReport) => this.progressListener?.(mapWebLLMProgress(report)),
    });
    return this.engine;
  }

  private async reload(ids: string[], onProgress: ((p: LoadProgress) => void) | undefined, signal?: AbortSignal): Promise<void> {
    for (const id of ids) {
      if (!prebuiltAppConfig.model_list.some((m) => m.model_id === id)) {
        throw new UnknownModelError(`WebLLM has no model “${id}”.`, { hint: 'Pick a model from the catalog, or enter an id from WebLLM’s prebuilt model list.' });
      }
    }
    onProgress?.({ fraction: 0, phase: 'download', text: 'Fetching the model configuration…' });
    const engine = this.getEngine();
    // WebLLM's fetches have no timeout: a download that makes no progress for a
    // while is stopped and reported, instead of a bar that never moves.
    let lastProgressAt = Date.now();
    let stalled = false;
    this.progressListener = (p) => {
      lastProgressAt = Date.now();
      onProgress?.(p);
    };
    // WebLLM cancels a download in progress when the engine is unloaded.
    const cancel = () => void engine.unload();
    signal?.addEventListener('abort', cancel, { once: true });
    const watchdog = setInterval(
      () => {
        if (Date.now() - lastProgressAt < this.stallMs) return;
        stalled = true;
        cancel();
      },
      Math.min(5_000, this.stallMs),
    );
    try {
      await engine.reload(ids);
      this.loadedIds = ids;
    } catch (error) {
      this.loadedIds = [];
      if (signal?.aborted) throw new AbortedError('Download cancelled; what was downloaded is kept for next time.');
      if (stalled) {
        throw new DownloadFailedError(`The download made no progress for ${Math.round(this.stallMs / 1000)} seconds and was stopped.`);
      }
      throw toEngineError(error);
    } finally {
      clearInterval(watchdog);
      signal?.removeEventListener('abort', cancel);
      this.progressListener = null;
    }
  }

  async load(modelId: string, options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<EngineInfo> {
    await this.reload([modelId], options.onProgress, options.signal);
    this.chatModelId = modelId;
    options.onProgress?.({ fraction: 1, phase: 'ready', text: 'Ready' });
    return { backend: 'webllm', modelId, contextWindow: webllmContextWindow(modelId) };
  }

  async chat(request: ChatRequest, options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {}): Promise<ChatResult> {
    const engine = this.getEngine();
    if (!this.chatModelId) throw new UnknownModelError('No chat model is loaded.');
    const reply = new StreamedReply(options.onDelta);
    const stop = () => void engine.interruptGenerate();
    options.signal?.addEventListener('abort', stop, { once: true });
    let finish: string | null = null;
    let usage: CompletionUsage | undefined;
    try {
      const stream = await engine.chat.completions.create({
        model: this.chatModelId,
        messages: request.messages as ChatCompletionMessageParam[],
        stream: true,
        stream_options: { include_usage: true },
        ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
        ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      });
      for await (const chunk of stream) {
        reply.add(chunk.choices[0]?.delta?.content);
        if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
        if (chunk.usage) usage = chunk.usage;
      }
    } catch (error) {
      const mapped = toEngineError(error);
      if (mapped instanceof ContextOverflowError) throw mapped;
      if (options.signal?.aborted) finish = 'abort';
      else throw mapped;
    } finally {
      options.signal?.removeEventListener('abort', stop);
    }
    const extra = usage?.extra;
    return {
      text: reply.text,
      finishReason: options.signal?.aborted || finish === 'abort' ? 'abort' : finish === 'length' ? 'length' : 'stop',
      stats: {
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens: usage?.completion_tokens ?? reply.pieces,
        timeToFirstTokenMs: extra?.time_to_first_token_s !== undefined ? extra.time_to_first_token_s * 1000 : reply.timeToFirstTokenMs(),
        ...(extra?.prefill_tokens_per_s !== undefined ? { prefillTokensPerSecond: extra.prefill_tokens_per_s } : {}),
        ...(extra?.decode_tokens_per_s !== undefined ? { decodeTokensPerSecond: extra.decode_tokens_per_s } : {}),
      },
    };
  }

  /** Embeds with snowflake-arctic-embed, loading it next to the chat model when needed (fits lib/library's Embedder). */
  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    if (texts.length === 0) return [];
    if (!this.loadedIds.includes(this.embeddingModelId)) {
      const ids = this.chatModelId ? [this.chatModelId, this.embeddingModelId] : [this.embeddingModelId];
      await this.reload(ids, undefined, options.signal);
    }
    try {
      const reply = await this.getEngine().embeddings.create({ input: texts, model: this.embeddingModelId });
      return reply.data.sort((a, b) => a.index - b.index).map((d) => d.embedding);
    } catch (error) {
      throw toEngineError(error);
    }
  }

  interrupt(): void {
    void this.engine?.interruptGenerate();
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    this.chatModelId = null;
    this.loadedIds = [];
    if (engine) await engine.unload();
  }
}
