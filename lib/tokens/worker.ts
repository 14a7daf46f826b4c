/// <reference lib="webworker" />
import { createCounter, type CounterRequest } from './count-service';
import { loadTokenizer } from './registry';
import { extensionTokenizerFiles } from './extension-files';
import { loadModelTokenizer } from './model-tokenizer';
import type { Tokenizer } from './types';

// The token counter's module worker, spawned by the Tokens view: tokenizer files,
// wasm and counting all live here, so a 10 MB selection never blocks a view.

const scope = self as unknown as DedicatedWorkerGlobalScope;
const files = extensionTokenizerFiles(new URL('/', scope.location.href).href);

// The counter keeps what it loads for the worker's life (count-service.ts).
function load(spec: string): Promise<Tokenizer> {
  if (!spec.startsWith('model:')) return loadTokenizer(spec, files);
  return loadModelTokenizer(spec.slice('model:'.length), { caches: scope.caches, fetch: scope.fetch.bind(scope) });
}

const counter = createCounter(load, (reply) => scope.postMessage(reply));
scope.addEventListener('message', (event: MessageEvent<CounterRequest>) => void counter.handle(event.data));
