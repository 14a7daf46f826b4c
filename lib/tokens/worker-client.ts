import type { CounterReply, CounterRequest, TokenizerCount } from './count-service';

// The view side of the counter worker. Spawns lib/tokens/worker.ts as a module worker
// (Vite bundles it with its tokenizer code; nothing of it loads with the view itself).

interface CountCallbacks {
  onProgress?: (tokenizer: string, doneChars: number, totalChars: number) => void;
  onResult?: (count: TokenizerCount) => void;
  onError?: (tokenizer: string | undefined, message: string) => void;
  onDone?: () => void;
}

/** A handle on the counter worker: count (superseding the previous count), fetch all ids, stop. */
export interface CounterClient {
  count(text: string, tokenizers: string[], template: boolean, maxShownTokens: number, callbacks: CountCallbacks): () => void;
  allIds(text: string, tokenizer: string, template: boolean): Promise<string>;
  dispose(): void;
}

function spawnCounterWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gleaner-tokens' });
}

/** Starts the counter worker (`createWorker` is replaceable for tests). */
function createCounterClient(createWorker: () => Worker = spawnCounterWorker): CounterClient {
  const worker = createWorker();
  let nextId = 1;
  const handlers = new Map<number, (reply: CounterReply) => void>();
  worker.addEventListener('message', (event: MessageEvent<CounterReply>) => handlers.get(event.data.requestId)?.(event.data));
  worker.addEventListener('error', (event) => {
    for (const handler of handlers.values()) handler({ type: 'error', requestId: 0, message: event.message || 'The counter stopped.' });
  });
  const send = (request: CounterRequest) => worker.postMessage(request);
  let current: number | undefined;

  return {
    count(text, tokenizers, template, maxShownTokens, callbacks) {
      if (current !== undefined) {
        send({ type: 'cancel', requestId: current });
        handlers.delete(current);
      }
      const requestId = nextId++;
      current = requestId;
      handlers.set(requestId, (reply) => {
        if (reply.type === 'progress') callbacks.onProgress?.(reply.tokenizer, reply.doneChars, reply.totalChars);
        else if (reply.type === 'result') callbacks.onResult?.(reply.count);
        else if (reply.type === 'error') callbacks.onError?.(reply.tokenizer, reply.message);
        else if (reply.type === 'done') {
          handlers.delete(requestId);
          callbacks.onDone?.();
        }
      });
      send({ type: 'count', requestId, text, tokenizers, template, maxShownTokens });
      return () => {
        send({ type: 'cancel', requestId });
        handlers.delete(requestId);
      };
    },
    allIds(text, tokenizer, template) {
      const requestId = nextId++;
      return new Promise((resolve, reject) => {
        handlers.set(requestId, (reply) => {
          handlers.delete(requestId);
          if (reply.type === 'ids') resolve(reply.json);
          else if (reply.type === 'error') reject(new Error(reply.message));
        });
        send({ type: 'ids', requestId, text, tokenizer, template });
      });
    },
    dispose: () => worker.terminate(),
  };
}

let shared: CounterClient | null = null;

/**
 * The counter worker of this view context (the side panel), started on first use and
 * kept for the context's life: the tokenizers it loaded stay loaded, so opening the
 * Tokens view again counts at once instead of reloading each tokenizer (seconds each).
 * A worker that crashed is replaced on the next call.
 */
export function sharedCounterClient(): CounterClient {
  if (!shared) {
    const client = createCounterClient(() => {
      const worker = spawnCounterWorker();
      worker.addEventListener('error', () => {
        if (shared === client) shared = null;
      });
      return worker;
    });
    shared = client;
  }
  return shared;
}
