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

  async function count(request: Extract<CounterRequest, { type: 'count' }>): Promise<void> {
    // One text at a time: a new count supersedes every count still running.
    for (const [id, controller] of running) if (id !== request.requestId) controller.abort(new Error('superseded'));
    const controller = new AbortController();
    running.set(request.requestId, controller);
    const words = countWords(request.text);
    try {
      for (const spec of request.tokenizers) {
        if (controller.signal.aborted) return;
        try {
          const tokenizer = await loadTokenizer(spec);
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
      const tokenizer = await loadTokenizer(request.tokenizer);
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
