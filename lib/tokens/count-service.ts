import type { Tokenizer } from './types';
import { messageParts } from './chat-template';
import { countTokens, countWords, encodeParts } from './counting';
import { segmentTokens, type TokenSegment } from './segments';

// The counting side of the Tokens view, independent of where it runs: the module
// worker (lib/tokens/worker.ts) wires it to postMessage; tests call it directly.

/** Requests to the counter. `tokenizers` are names, tokenizer.json URLs or `model:<WebLLM id>`. */
export type CounterRequest =
  | { type: 'count'; requestId: number; text: string; tokenizers: string[]; template: boolean; maxShownTokens: number }
  | { type: 'ids'; requestId: number; text: string; tokenizer: string; template: boolean }
  | { type: 'cancel'; requestId: number };

/** The counts of one tokenizer. */
export interface TokenizerCount {
  tokenizer: string;
  tokens: number;
  chars: number;
  words: number;
  /** The first tokens, for the visualization (at most maxShownTokens). */
  segments: TokenSegment[];
  /** Whether the count was made in pieces with progress. */
  chunked: boolean;
  ms: number;
  /** True when this count had to load the tokenizer (false: it was already loaded in this counter). */
  freshLoad: boolean;
}

// Rough cost of loading each named tokenizer, by the size of its files (tiktoken's wasm
// 1.1 MB plus cl100k 1.1 MB or o200k 2.3 MB; tokenizer.json of Llama 3 9.1 MB, Qwen
// 11.4 MB). A model's own tokenizer.json (`model:…`, a URL) is a few MB: in between.
const LOAD_COST: Record<string, number> = { 'gpt-4': 2, 'gpt-4o': 3, smollm2: 4, 'llama-3': 9, 'qwen2.5': 11, qwen3: 11 };
const UNKNOWN_LOAD_COST = 5;

/**
 * The order to count in so that the first count shows as soon as possible: tokenizers
 * already loaded first, then the cheapest to load. Stable for equal costs; the view
 * still shows the cards in the person's order.
 */
export function countOrder(tokenizers: readonly string[], isLoaded: (spec: string) => boolean): string[] {
  const cost = (spec: string) => (isLoaded(spec) ? 0 : (LOAD_COST[spec] ?? UNKNOWN_LOAD_COST));
  return tokenizers
    .map((spec, index) => ({ spec, index, cost: cost(spec) }))
    .sort((a, b) => a.cost - b.cost || a.index - b.index)
    .map((entry) => entry.spec);
}

/** Replies of the counter. */
export type CounterReply =
  | { type: 'progress'; requestId: number; tokenizer: string; doneChars: number; totalChars: number; tokens: number }
  | { type: 'result'; requestId: number; count: TokenizerCount }
  | { type: 'error'; requestId: number; tokenizer?: string; message: string }
  | { type: 'ids'; requestId: number; tokenizer: string; json: string }
  | { type: 'done'; requestId: number };

/** A counter: feed it requests, it posts replies; a newer count cancels the older one. */
export function createCounter(loadTokenizer: (spec: string) => Promise<Tokenizer>, post: (reply: CounterReply) => void) {
  const running = new Map<number, AbortController>();
  // Tokenizers loaded by this counter, kept for its life (the worker's, which the view
  // keeps for the panel's): a second count, or a second visit, loads nothing again.
  const loaded = new Map<string, Promise<Tokenizer>>();
  const ready = new Set<string>();
  async function load(spec: string): Promise<{ tokenizer: Tokenizer; fresh: boolean }> {
    const fresh = !ready.has(spec);
    let tokenizer = loaded.get(spec);
    if (!tokenizer) {
      tokenizer = loadTokenizer(spec);
      // A failed load (missing file, no network for a model's file) is not remembered: the next count retries.
      tokenizer.catch(() => loaded.delete(spec));
      loaded.set(spec, tokenizer);
    }
    const result = await tokenizer;
    ready.add(spec);
    return { tokenizer: result, fresh };
  }

  async function count(request: Extract<CounterRequest, { type: 'count' }>): Promise<void> {
    // One text at a time: a new count supersedes every count still running.
    for (const [id, controller] of running) if (id !== request.requestId) controller.abort(new Error('superseded'));
    const controller = new AbortController();
    running.set(request.requestId, controller);
    const words = countWords(request.text);
    try {
      for (const spec of countOrder(request.tokenizers, (spec) => ready.has(spec))) {
        if (controller.signal.aborted) return;
        try {
          const { tokenizer, fresh } = await load(spec);
          const started = performance.now();
          const parts = messageParts(tokenizer, request.text, request.template);
          const result = await countTokens(tokenizer, parts, {
            keepIds: request.maxShownTokens,
            signal: controller.signal,
            onProgress: (p) => post({ type: 'progress', requestId: request.requestId, tokenizer: spec, ...p }),
          });
          post({
            type: 'result',
            requestId: request.requestId,
            count: {
              tokenizer: spec,
              tokens: result.tokens,
              chars: request.text.length,
              words,
              segments: segmentTokens(tokenizer, result.firstIds),
              chunked: result.chunked,
              ms: performance.now() - started,
              freshLoad: fresh,
            },
          });
        } catch (error) {
          if (controller.signal.aborted) return;
          post({ type: 'error', requestId: request.requestId, tokenizer: spec, message: (error as Error).message });
        }
      }
    } finally {
      running.delete(request.requestId);
      if (!controller.signal.aborted) post({ type: 'done', requestId: request.requestId });
    }
  }

  async function ids(request: Extract<CounterRequest, { type: 'ids' }>): Promise<void> {
    try {
      const { tokenizer } = await load(request.tokenizer);
      const all = encodeParts(tokenizer, messageParts(tokenizer, request.text, request.template));
      post({ type: 'ids', requestId: request.requestId, tokenizer: request.tokenizer, json: JSON.stringify(all) });
    } catch (error) {
      post({ type: 'error', requestId: request.requestId, tokenizer: request.tokenizer, message: (error as Error).message });
    }
  }

  return {
    /** Handles one request (resolves when its replies have been posted). */
    handle(request: CounterRequest): Promise<void> {
      switch (request.type) {
        case 'count':
          return count(request);
        case 'ids':
          return ids(request);
        case 'cancel':
          running.get(request.requestId)?.abort(new Error('cancelled'));
          return Promise.resolve();
      }
    },
  };
}
