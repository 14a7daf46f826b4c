/// <reference lib="webworker" />
import { createCounter, type CounterRequest } from './count-service';
import { createTokenizerCache } from './registry';
import { extensionTokenizerFiles } from './extension-files';
import { loadModelTokenizer } from './model-tokenizer';
import type { Tokenizer } from './types';

// The token counter's module worker, spawned by the Tokens view: tokenizer files,
// wasm and counting all live here, so a 10 MB selection never blocks a view.

const scope = self as unknown as DedicatedWorkerGlobalScope;
const files = extensionTokenizerFiles(new URL('/', scope.location.href).href);
const named = createTokenizerCache(files);
const models = new Map<string, Promise<Tokenizer>>();

function load(spec: string): Promise<Tokenizer> {
  if (!spec.startsWith('model:')) return named(spec);
  const modelId = spec.slice('model:'.length);
  let tokenizer = models.get(modelId);
  if (!tokenizer) {
    tokenizer = loadModelTokenizer(modelId, { caches: scope.caches, fetch: scope.fetch.bind(scope) });
    tokenizer.catch(() => models.delete(modelId));
    models.set(modelId, tokenizer);
  }
  return tokenizer;
}

const counter = createCounter(load, (reply) => scope.postMessage(reply));
scope.addEventListener('message', (event: MessageEvent<CounterRequest>) => void counter.handle(event.data));
