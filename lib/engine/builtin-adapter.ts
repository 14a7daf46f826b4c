/**
 * Chrome's built-in model (the Prompt API's `LanguageModel`, Gemini Nano) as
 * a backend: no download by Gleaner, offered only where the browser reports
 * it available. Takes the global scope as a parameter so every answer of
 * `availability()` can be exercised, including the common "unavailable".
 */
import { BuiltinModelUnavailableError } from './errors';
import type { ChatRequest, ChatResult, EngineInfo, LoadProgress } from './types';
import type { HostBackend } from './service';
import { StreamedReply } from './streamed-reply';

/** What the browser says about its built-in model. */
export type BuiltinAvailability = 'unavailable' | 'downloadable' | 'downloading' | 'available';

/** The parts of the Prompt API used here. */
interface LanguageModelSession {
  promptStreaming(input: Array<{ role: string; content: string }>, options?: { signal?: AbortSignal }): ReadableStream<string>;
  destroy(): void;
  contextWindow?: number;
  inputQuota?: number;
}
interface LanguageModelApi {
  availability(options?: object): Promise<BuiltinAvailability>;
  create(options?: { signal?: AbortSignal; initialPrompts?: Array<{ role: string; content: string }>; monitor?(m: EventTarget): void }): Promise<LanguageModelSession>;
}

/** The model id the built-in backend reports. */
export const BUILTIN_MODEL_ID = 'chrome-built-in';

function api(scope: object): LanguageModelApi | undefined {
  return (scope as { LanguageModel?: LanguageModelApi }).LanguageModel;
}

/** Asks the browser whether its built-in model can be used (never throws). */
export async function probeBuiltinModel(scope: object = globalThis): Promise<BuiltinAvailability> {
  const languageModel = api(scope);
  if (!languageModel?.availability) return 'unavailable';
  try {
    return await languageModel.availability();
  } catch {
    return 'unavailable';
  }
}

/** The built-in backend: one session per reply (system messages become its initial prompts). */
export class BuiltinAdapter implements HostBackend {
  private contextWindow = 4096;
  private loaded = false;

  constructor(private readonly scope: object = globalThis) {}

  async load(_modelId: string = BUILTIN_MODEL_ID, options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<EngineInfo> {
    const availability = await probeBuiltinModel(this.scope);
    if (availability === 'unavailable') {
      throw new BuiltinModelUnavailableError('This browser reports its built-in model (Prompt API) as unavailable.');
    }
    const languageModel = api(this.scope)!;
    const session = await languageModel.create({
      signal: options.signal,
      monitor: (m) =>
        m.addEventListener('downloadprogress', (event) => {
          const loaded = (event as Event & { loaded?: number }).loaded ?? 0;
          options.onProgress?.({ fraction: 0.9 * loaded, phase: 'download', text: 'The browser is downloading its built-in model' });
        }),
    });
    this.contextWindow = session.contextWindow ?? session.inputQuota ?? 4096;
    session.destroy();
    this.loaded = true;
    options.onProgress?.({ fraction: 1, phase: 'ready', text: 'Ready' });
    return { backend: 'builtin', modelId: BUILTIN_MODEL_ID, contextWindow: this.contextWindow, runtime: 'Chrome’s built-in model' };
  }

  async chat(request: ChatRequest, options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {}): Promise<ChatResult> {
    if (!this.loaded) throw new BuiltinModelUnavailableError('The built-in model is not loaded.');
    const reply = new StreamedReply(options.onDelta);
    const system = request.messages.filter((m) => m.role === 'system');
    const turns = request.messages.filter((m) => m.role !== 'system');
    const session = await api(this.scope)!.create({ initialPrompts: system, signal: options.signal });
    try {
      const reader = session.promptStreaming(turns, { signal: options.signal }).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!value) continue;
        reply.add(value);
        if (request.maxTokens !== undefined && reply.pieces >= request.maxTokens) {
          await reader.cancel();
          return { text: reply.text, finishReason: 'length', stats: { promptTokens: 0, completionTokens: reply.pieces, timeToFirstTokenMs: reply.timeToFirstTokenMs() } };
        }
      }
    } catch (error) {
      if (!options.signal?.aborted) throw error instanceof Error ? error : new Error(String(error));
    } finally {
      session.destroy();
    }
    return {
      text: reply.text,
      finishReason: options.signal?.aborted ? 'abort' : 'stop',
      stats: { promptTokens: 0, completionTokens: reply.pieces, timeToFirstTokenMs: reply.timeToFirstTokenMs() },
    };
  }

  async unload(): Promise<void> {
    this.loaded = false;
  }
}
