/**
 * The engine interface every backend implements (WebLLM in the browser, an
 * OpenAI-compatible server, and the named test engine). Callers never know
 * which one answers.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Upper bound on the reply's tokens. */
  maxTokens?: number;
  temperature?: number;
}

/** Per-reply statistics (from WebLLM's usage, or measured by the adapter). */
export interface ChatStats {
  promptTokens: number;
  completionTokens: number;
  timeToFirstTokenMs: number;
  prefillTokensPerSecond?: number;
  decodeTokensPerSecond?: number;
}

export interface ChatResult {
  text: string;
  finishReason: 'stop' | 'length' | 'abort';
  stats: ChatStats;
}

/** One step of loading a model: one bar across download and compilation. */
export interface LoadProgress {
  /** 0..1 across all phases. */
  fraction: number;
  phase: 'download' | 'compile' | 'ready';
  text: string;
  bytesLoaded?: number;
  bytesTotal?: number;
  /** Estimated seconds left, when known. */
  etaSeconds?: number;
}

/** What a backend can do once loaded. */
export interface EngineInfo {
  backend: 'webllm' | 'cpu' | 'builtin' | 'openai' | 'test';
  modelId: string;
  /** Context window in tokens. */
  contextWindow: number;
  /** How it runs, in words (the CPU engine: threads and why). */
  runtime?: string;
}

/** The engine contract. */
export interface EngineClient {
  /** Loads (or switches to) a model; progress is reported along the way. */
  load(modelId: string, options?: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal }): Promise<EngineInfo>;
  /** Streams a reply; `onDelta` receives each new piece of text; `signal` stops it. */
  chat(request: ChatRequest, options?: { onDelta?: (text: string) => void; signal?: AbortSignal }): Promise<ChatResult>;
  /** Embeds texts (only backends with an embedding model). */
  embed?(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  /** Frees the model. */
  unload(): Promise<void>;
}
