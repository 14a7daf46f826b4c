/**
 * Bring your own server: an OpenAI-compatible chat API (Ollama, LM Studio,
 * llama.cpp server, vLLM) behind the EngineClient contract. Requests go only
 * to the base URL the person entered; replies stream over SSE.
 */
import { AbortedError } from '@/lib/messaging/errors';
import { ContextOverflowError, ServerResponseError, ServerUnreachableError } from './errors';
import { SseParser } from './sse';
import type { ChatRequest, ChatResult, EngineClient, EngineInfo, LoadProgress } from './types';
import { StreamedReply } from './streamed-reply';

export interface OpenAIAdapterOptions {
  /** e.g. http://localhost:11434/v1 (a bare origin gets /v1 added). */
  baseUrl: string;
  /** Model name on the server. */
  model: string;
  apiKey?: string;
  /**
   * Context window the person set for this server; it wins over what the server
   * lists (Ollama lists none, and its real window is whatever num_ctx it runs with).
   * Unset: the server's figure, else 4096.
   */
  contextWindow?: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/** The context window assumed for a server that does not say and for which the person set none. */
export const DEFAULT_SERVER_CONTEXT = 4096;

/**
 * Normalizes what a person typed into the API base URL: `localhost:11434` (no
 * scheme, as Ollama's and LM Studio's docs print it) becomes http://…, a bare
 * origin gets /v1; throws on a non-http URL.
 */
export function normalizeBaseUrl(input: string): string {
  let url: URL;
  const trimmed = input.trim();
  // `new URL('localhost:11434')` parses "localhost:" as a scheme: a host[:port] without "scheme://" is an http address.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(trimmed) ? trimmed : `http://${trimmed}`;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ServerUnreachableError(`“${input}” is not a web address.`, { hint: 'Enter the server address, e.g. http://localhost:11434/v1 for Ollama.' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServerUnreachableError(`“${input}” is not an http(s) address.`, { hint: 'Enter the server address, e.g. http://localhost:1234/v1 for LM Studio.' });
  }
  let path = url.pathname.replace(/\/+$/, '');
  if (path === '') path = '/v1';
  return `${url.origin}${path}`;
}

/** A model as a server lists it. */
export interface ServerModel {
  id: string;
  contextWindow?: number;
}

/** Outcome of a connection test, in words for the settings view. */
export interface ConnectionTestResult {
  ok: boolean;
  baseUrl: string;
  models: ServerModel[];
  message: string;
  hint?: string;
  /** The model the test chat went to. */
  chatModel?: string;
}

function unreachable(baseUrl: string, error: unknown): ServerUnreachableError {
  const origin = new URL(baseUrl).origin;
  return new ServerUnreachableError(`Could not reach ${origin}: ${(error as Error)?.message ?? String(error)}.`, {
    hint:
      'Check that the server is running at this address. If it runs but refuses the browser, allow the extension origin: ' +
      'for Ollama set OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it; for LM Studio turn on “Enable CORS”; ' +
      'for llama.cpp and vLLM start them with CORS allowed.',
  });
}

async function httpError(response: Response, what: string): Promise<Error> {
  let detail = '';
  try {
    const body = await response.text();
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
      detail = typeof parsed.error === 'string' ? parsed.error : (parsed.error?.message ?? parsed.message ?? '');
    } catch {
      detail = body.slice(0, 200);
    }
  } catch {
    // the body is not readable; the status says enough
  }
  const suffix = detail ? `: ${detail}` : '';
  if (response.status === 401) return new ServerResponseError(`The server refused the API key (401)${suffix}.`, { hint: 'Enter the right API key in the server settings.' });
  if (response.status === 403) {
    return new ServerResponseError(`The server refused requests from the browser extension (403)${suffix}.`, {
      hint: 'Allow the extension’s origin on the server: for Ollama set OLLAMA_ORIGINS=chrome-extension://*,moz-extension://* and restart it; check the API key otherwise.',
    });
  }
  if (response.status === 404)
    return new ServerResponseError(`${what} was not found on the server (404)${suffix}.`, { hint: 'Check the address (it usually ends in /v1) and the model name.' });
  if (/context|too long|maximum context|exceeds/i.test(detail) && response.status === 400) {
    return new ContextOverflowError(`The server says the prompt is too long${suffix}.`);
  }
  return new ServerResponseError(`The server answered ${response.status} ${response.statusText}${suffix}.`);
}

/** Lists the server's models (GET {base}/models). */
export async function listServerModels(baseUrl: string, apiKey = '', fetchImpl: typeof fetch = fetch, signal?: AbortSignal): Promise<ServerModel[]> {
  const base = normalizeBaseUrl(baseUrl);
  let response: Response;
  try {
    response = await fetchImpl(`${base}/models`, { headers: authHeaders(apiKey), signal });
  } catch (error) {
    if (signal?.aborted) throw new AbortedError('Stopped.');
    throw unreachable(base, error);
  }
  if (!response.ok) throw await httpError(response, 'The model list');
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ServerResponseError('The server’s model list is not JSON; is this an OpenAI-compatible address?');
  }
  const data = (body as { data?: unknown })?.data;
  if (!Array.isArray(data)) throw new ServerResponseError('The server’s model list has no “data” array; is this an OpenAI-compatible address?');
  return data
    .filter((m): m is Record<string, unknown> => typeof m === 'object' && m !== null && typeof (m as { id?: unknown }).id === 'string')
    .map((m) => {
      // Servers name the context length differently (vLLM, LM Studio, llama.cpp).
      const ctx = [m.max_model_len, m.context_length, m.max_context_length, (m.meta as Record<string, unknown> | undefined)?.n_ctx_train].find(
        (v) => typeof v === 'number' && v > 0,
      ) as number | undefined;
      return { id: m.id as string, ...(ctx ? { contextWindow: ctx } : {}) };
    });
}

/** The smallest chat the extension can send: what a chat does (same request, same origin), for one token. */
const PROBE_REQUEST = { messages: [{ role: 'user' as const, content: 'Reply with OK.' }], maxTokens: 1, temperature: 0 };

/**
 * Tests the connection as chat will use it, and explains what went wrong in words (never throws).
 * Listing the models is not enough: a default Ollama lists them (that GET carries no Origin
 * header) and then refuses every chat POST from an extension with 403. So a tiny real chat
 * (one token, through the same adapter chat uses) must pass too before it says "Connected".
 * `model` is the one to try (the first listed when it is not there).
 */
export async function testServerConnection(baseUrl: string, apiKey = '', fetchImpl: typeof fetch = fetch, model = ''): Promise<ConnectionTestResult> {
  let base = baseUrl;
  let models: ServerModel[] = [];
  try {
    base = normalizeBaseUrl(baseUrl);
    models = await listServerModels(base, apiKey, fetchImpl, AbortSignal.timeout(10_000));
  } catch (error) {
    const err = error as Error & { hint?: string };
    return { ok: false, baseUrl: base, models: [], message: err.message, ...(err.hint ? { hint: err.hint } : {}) };
  }
  if (!models.length) {
    return { ok: false, baseUrl: base, models, message: 'The server answers but lists no models.', hint: 'Download a model on the server first (e.g. `ollama pull llama3.2`).' };
  }
  const tried = models.find((m) => m.id === model)?.id ?? models[0]!.id;
  const count = `${models.length} model${models.length === 1 ? '' : 's'}`;
  try {
    // A first chat may load the model on the server (Ollama loads on demand): give it time.
    await new OpenAIAdapter({ baseUrl: base, model: tried, apiKey, fetch: fetchImpl }).chat(PROBE_REQUEST, { signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    const err = error as Error & { hint?: string };
    return {
      ok: false,
      baseUrl: base,
      models,
      chatModel: tried,
      message: `The server lists ${count}, but refused a chat with “${tried}”: ${err.message}`,
      ...(err.hint ? { hint: err.hint } : {}),
    };
  }
  return { ok: true, baseUrl: base, models, chatModel: tried, message: `Connected: ${count} available; “${tried}” answered a test chat.` };
}

function authHeaders(apiKey: string): Record<string, string> {
  return apiKey ? { authorization: `Bearer ${apiKey}` } : {};
}

interface CompletionChunk {
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: { message?: string } | string;
}

/** EngineClient for an OpenAI-compatible server. */
export class OpenAIAdapter implements EngineClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private info: EngineInfo | null = null;
  /** The model a load() is checking, for its test chat. */
  private loadingModel: string | null = null;

  constructor(private readonly options: OpenAIAdapterOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    // Called as a plain function: the global fetch throws "Illegal invocation" when called as a method of this adapter.
    const injected = options.fetch;
    this.fetchImpl = injected ? (input, init) => injected(input, init) : (input, init) => fetch(input, init);
  }

  /** Checks the server, that it serves the model, and that it answers a one-token chat; there is nothing to download. */
  async load(modelId: string = this.options.model, options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {}): Promise<EngineInfo> {
    options.onProgress?.({ fraction: 0, phase: 'download', text: `Connecting to ${new URL(this.baseUrl).origin}…` });
    const models = await listServerModels(this.baseUrl, this.options.apiKey, this.fetchImpl, options.signal);
    const found = models.find((m) => m.id === modelId);
    if (!found && models.length > 0) {
      throw new ServerResponseError(`The server has no model “${modelId}”.`, {
        hint: `Pick one it lists: ${models
          .slice(0, 8)
          .map((m) => m.id)
          .join(', ')}.`,
      });
    }
    // Listing models is not chatting: a server may list them and refuse every chat (Ollama's origin check, 403).
    // One token through chat() itself, so "ready" is only ever shown for a server that answers.
    this.info = null;
    this.loadingModel = modelId;
    let probe: ChatResult;
    try {
      probe = await this.chat({ ...PROBE_REQUEST }, { signal: options.signal });
    } finally {
      this.loadingModel = null;
    }
    if (probe.finishReason === 'abort') throw new AbortedError('Stopped.');
    this.info = { backend: 'openai', modelId, contextWindow: this.options.contextWindow || found?.contextWindow || DEFAULT_SERVER_CONTEXT };
    options.onProgress?.({ fraction: 1, phase: 'ready', text: `Connected to ${modelId}` });
    return this.info;
  }

  async chat(request: ChatRequest, options: { onDelta?: (text: string) => void; signal?: AbortSignal } = {}): Promise<ChatResult> {
    const reply = new StreamedReply(options.onDelta);
    const body = {
      model: this.info?.modelId ?? this.loadingModel ?? this.options.model,
      messages: request.messages,
      stream: true,
      stream_options: { include_usage: true },
      ...(request.maxTokens !== undefined ? { max_tokens: request.maxTokens } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    };
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders(this.options.apiKey ?? '') },
        body: JSON.stringify(body),
        signal: options.signal,
      });
    } catch (error) {
      if (options.signal?.aborted) return this.result(reply, 'abort', undefined);
      throw unreachable(this.baseUrl, error);
    }
    if (!response.ok) throw await httpError(response, `The model “${body.model}”`);
    if (!response.body) throw new ServerResponseError('The server sent an empty reply.');

    const parser = new SseParser();
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    let finish: string | null = null;
    let done = false;
    let usage: CompletionChunk['usage'];
    try {
      while (!done) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          if (options.signal?.aborted) return this.result(reply, 'abort', usage);
          throw new ServerResponseError(`The server’s reply broke off: ${(error as Error).message}.`, { hint: 'Try again; check the server’s log if it keeps happening.' });
        }
        const events = chunk.done ? parser.push(decoder.decode()).concat(parser.push('\n\n')) : parser.push(decoder.decode(chunk.value, { stream: true }));
        for (const event of events) {
          if (event.data.trim() === '[DONE]') {
            done = true;
            break;
          }
          let parsed: CompletionChunk;
          try {
            parsed = JSON.parse(event.data) as CompletionChunk;
          } catch {
            throw new ServerResponseError(`The server sent a malformed stream event: ${event.data.slice(0, 80)}`, {
              hint: 'Check that the address points to an OpenAI-compatible API (it usually ends in /v1).',
            });
          }
          if (parsed.error) {
            const message = typeof parsed.error === 'string' ? parsed.error : (parsed.error.message ?? 'unknown error');
            if (/context|too long/i.test(message)) throw new ContextOverflowError(`The server says: ${message}`);
            throw new ServerResponseError(`The server reported an error: ${message}`);
          }
          if (parsed.usage) usage = parsed.usage;
          const choice = parsed.choices?.[0];
          reply.add(choice?.delta?.content);
          if (choice?.finish_reason) finish = choice.finish_reason;
        }
        if (chunk.done) break;
      }
    } finally {
      if (!done) await reader.cancel().catch(() => undefined);
    }
    if (!done && finish === null) {
      if (options.signal?.aborted) return this.result(reply, 'abort', usage);
      throw new ServerResponseError('The server’s reply was cut off before it finished.', { hint: 'Try again; check the server’s log if it keeps happening.' });
    }
    return this.result(reply, finish === 'length' ? 'length' : 'stop', usage);
  }

  private result(reply: StreamedReply, finishReason: ChatResult['finishReason'], usage: CompletionChunk['usage']): ChatResult {
    const completionTokens = usage?.completion_tokens ?? reply.pieces;
    const decodeTokensPerSecond = reply.decodeTokensPerSecond(completionTokens);
    return {
      text: reply.text,
      finishReason,
      stats: {
        promptTokens: usage?.prompt_tokens ?? 0,
        completionTokens,
        timeToFirstTokenMs: reply.timeToFirstTokenMs(),
        ...(decodeTokensPerSecond !== undefined ? { decodeTokensPerSecond } : {}),
      },
    };
  }

  async unload(): Promise<void> {
    this.info = null;
  }
}
