import { describe, expect, it } from 'vitest';
import type { ChatMessage, EngineClient, LoadProgress } from '@/lib/engine/types';

/**
 * ONE contract for the EngineClient interface, run against every backend that can run
 * here: the named test engine and the OpenAI-compatible adapter over real HTTP + SSE
 * (tests/engine/engine-contract.test.ts, in Node), and the CPU engine — llama.cpp in
 * WebAssembly in the built extension, with a synthetic GGUF model — through the real view
 * client and `engine` Port (tests/e2e/cpu-contract.e2e.ts, in Chromium). WebLLM needs a
 * GPU and model weights; its path is exercised in the Chromium e2e run up to the download.
 */
export interface ContractBackend {
  name: string;
  create(): EngineClient;
  /** The model to load (read when the tests run: a server's address may be known only then). */
  modelId: string;
  /**
   * The exact reply, where the backend's text is deterministic (the test engine, and servers
   * replaying it). A real model's text is not: then the reply is bounded by `replyTokens`.
   */
  reply?: (messages: ChatMessage[]) => string;
  /** Tokens a reply may take where there is no deterministic reply (a real model that may never stop). */
  replyTokens?: number;
}

const question: ChatMessage[] = [
  { role: 'system', content: 'You answer briefly.' },
  { role: 'user', content: 'Why is the sky blue during the day and red at sunset, and what does Rayleigh scattering have to do with it?' },
];

export function describeEngineContract(backends: ContractBackend[]): void {
  describe.each(backends)('EngineClient contract: $name', (backend) => {
    const { create, reply } = backend;
    const maxTokens = reply ? undefined : (backend.replyTokens ?? 24);

    it('loads with progress that ends at 1 and reports what it is', async () => {
      const engine = create();
      const progress: LoadProgress[] = [];
      const info = await engine.load(backend.modelId, { onProgress: (p) => progress.push(p) });
      expect(info.modelId).toBe(backend.modelId);
      expect(info.contextWindow).toBeGreaterThan(1000);
      expect(progress.length).toBeGreaterThan(0);
      expect(progress.at(-1)).toMatchObject({ fraction: 1, phase: 'ready' });
      for (let i = 1; i < progress.length; i++) expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
    });

    it('streams a reply whose pieces add up to the final text, with statistics', async () => {
      const engine = create();
      await engine.load(backend.modelId);
      const deltas: string[] = [];
      const result = await engine.chat({ messages: question, maxTokens }, { onDelta: (d) => deltas.push(d) });
      if (reply) {
        expect(result.finishReason).toBe('stop');
        expect(result.text).toBe(reply(question));
        expect(result.stats.completionTokens).toBe(deltas.length);
      } else {
        // A real model: it runs to the token bound; a token may carry no text of its own (part of a character).
        expect(result.finishReason).toBe('length');
        expect(result.stats.completionTokens).toBe(maxTokens);
        expect(result.stats.completionTokens).toBeGreaterThanOrEqual(deltas.length);
        expect(result.stats.promptTokens).toBeGreaterThan(20);
        expect(result.stats.prefillTokensPerSecond).toBeGreaterThan(0);
      }
      expect(deltas.length).toBeGreaterThan(5);
      expect(deltas.join('')).toBe(result.text);
      expect(result.stats.timeToFirstTokenMs).toBeGreaterThan(0);
      expect(result.stats.decodeTokensPerSecond).toBeGreaterThan(0);
    });

    it('stops when the signal aborts, keeping the text so far', async () => {
      const engine = create();
      await engine.load(backend.modelId);
      const controller = new AbortController();
      const deltas: string[] = [];
      // No token bound: only the abort ends this reply early.
      const result = await engine.chat(
        { messages: question },
        {
          signal: controller.signal,
          onDelta: (d) => {
            deltas.push(d);
            if (deltas.length === 3) controller.abort();
          },
        },
      );
      expect(result.finishReason).toBe('abort');
      expect(result.text).toBe(deltas.join(''));
      if (reply) expect(result.text.length).toBeLessThan(reply(question).length);
      else expect(deltas.length).toBeLessThan(200);
    });

    it('honours maxTokens with finishReason "length"', async () => {
      const engine = create();
      await engine.load(backend.modelId);
      const result = await engine.chat({ messages: question, maxTokens: 4 });
      expect(result.finishReason).toBe('length');
      expect(result.stats.completionTokens).toBe(4);
    });

    // Only where the text is deterministic: a real model's reply cannot be asked to echo.
    if (reply) {
      it('echoes untrusted markup verbatim (views must escape it)', async () => {
        const engine = create();
        await engine.load(backend.modelId);
        const payload = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>';
        const result = await engine.chat({ messages: [{ role: 'user', content: `<<echo>>${payload}<</echo>>` }] });
        expect(result.text).toBe(payload);
      });
    }

    it('can be unloaded and loaded again', async () => {
      const engine = create();
      await engine.load(backend.modelId);
      await engine.unload();
      await engine.load(backend.modelId);
      const result = await engine.chat({ messages: question, maxTokens });
      if (reply) expect(result.text).toBe(reply(question));
      else expect(result.stats.completionTokens).toBe(maxTokens);
    });
  });
}
