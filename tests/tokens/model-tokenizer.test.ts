import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetTokenizer, loadModelTokenizer, loadModelTokenizerFile, modelTokenizerUrl, WEBLLM_MODEL_CACHE } from '@/lib/tokens/model-tokenizer';
import { tokenizerFromJson } from '@/lib/tokens/tokenizer-json';
import { loadTokenizer } from '@/lib/tokens/registry';
import { nodeTokenizerFiles, nodeTokenizerPath } from '@/lib/tokens/node-files';

// Node has no Cache Storage: this Map-backed stand-in (test double) keeps what
// cache.put stores; the real one is exercised in tests/e2e/tokens.e2e.ts. The
// download goes through Node's real fetch to a local server with the real file.
class InMemoryCacheStorage {
  readonly caches = new Map<string, Map<string, Response>>();
  async open(name: string) {
    const entries = this.caches.get(name) ?? new Map<string, Response>();
    this.caches.set(name, entries);
    return {
      match: async (url: string) => entries.get(url)?.clone(),
      put: async (url: string, response: Response) => void entries.set(url, response),
    };
  }
}

const MODEL = 'SmolLM2-360M-Instruct-q4f16_1-MLC';
const file = readFileSync(nodeTokenizerPath('smollm2'));
let origin = '';
let requests: string[] = [];
const server = createServer((req, res) => {
  requests.push(req.url!);
  if (req.url!.includes(MODEL)) res.writeHead(200, { 'content-type': 'application/json' }).end(file);
  else res.writeHead(404).end();
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

// Sends what would go to huggingface.co to the local server instead.
const localFetch = ((url: string) => fetch(url.replace('https://huggingface.co', origin))) as typeof fetch;

describe('the model own tokenizer', () => {
  it('uses the URL and cache WebLLM uses', () => {
    expect(modelTokenizerUrl(MODEL)).toBe(`https://huggingface.co/mlc-ai/${MODEL}/resolve/main/tokenizer.json`);
    expect(WEBLLM_MODEL_CACHE).toBe('webllm/model');
  });

  it('is fetched alone once, then read from the cache WebLLM reads', async () => {
    requests = [];
    const caches = new InMemoryCacheStorage() as unknown as CacheStorage;
    const first = await loadModelTokenizerFile(MODEL, { caches, fetch: localFetch });
    const second = await loadModelTokenizerFile(MODEL, { caches, fetch: localFetch });
    expect([first.source, second.source]).toEqual(['downloaded', 'webllm-cache']);
    expect(requests).toEqual([`/mlc-ai/${MODEL}/resolve/main/tokenizer.json`]);
    const own = await tokenizerFromJson(MODEL, second.bytes);
    const smol = await loadTokenizer('smollm2', nodeTokenizerFiles);
    const text = 'The model counts this sentence with its own tokenizer.';
    expect(own.encode(text)).toEqual(smol.encode(text));
  });

  it('explains a failed download', async () => {
    const caches = new InMemoryCacheStorage() as unknown as CacheStorage;
    await expect(loadModelTokenizerFile('Unknown-Model', { caches, fetch: localFetch })).rejects.toThrow(/HTTP 404/);
    const offline = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
    await expect(loadModelTokenizerFile(MODEL, { caches, fetch: offline })).rejects.toThrow(/not downloaded yet.*offline/);
  });
});

describe('budgetTokenizer (the one tokenizer fallback)', () => {
  const offline = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;
  const deps = (fetchFile: typeof fetch) => {
    const caches = new InMemoryCacheStorage() as unknown as CacheStorage;
    return { own: (id: string) => loadModelTokenizer(id, { caches, fetch: fetchFile }), load: (name: string) => loadTokenizer(name, nodeTokenizerFiles) };
  };

  it('uses the model file when it can be had, else the bundled reference of its family', async () => {
    const own = await budgetTokenizer(MODEL, deps(localFetch));
    expect(own).toMatchObject({ exact: true, tokenizer: { name: MODEL } });
    const fallback = await budgetTokenizer('Llama-3.2-1B-Instruct-q4f16_1-MLC', deps(offline));
    expect(fallback).toMatchObject({ exact: false, tokenizer: { name: 'llama-3' } });
  });

  it('counts with a reference and a 20% margin when the model has neither (another family, or no model)', async () => {
    const gpt4o = await loadTokenizer('gpt-4o', nodeTokenizerFiles);
    const text = 'Gleaner counts tokens where the text is, and errs on the side of sending less.';
    for (const modelId of ['Phi-3.5-mini-instruct-q4f16_1-MLC', 'some-server-model', null]) {
      const { tokenizer, exact } = await budgetTokenizer(modelId, deps(offline));
      expect(exact).toBe(false);
      expect(tokenizer.name).toBe('gpt-4o (approximate)');
      expect(tokenizer.count(text)).toBe(Math.ceil(gpt4o.count(text) * 1.2));
    }
  });
});
