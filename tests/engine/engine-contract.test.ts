import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestEngine, TEST_ENGINE_MODEL_ID, testEngineReply } from '@/lib/engine/test-engine';
import { OpenAIAdapter } from '@/lib/engine/openai-adapter';
import type { EngineClient, LoadProgress } from '@/lib/engine/types';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';

/**
 * ONE contract for the EngineClient interface, run against every backend that
 * can run here: the named test engine, and the OpenAI-compatible adapter over
 * real HTTP + SSE (a local server on 127.0.0.1). WebLLM needs a GPU and model
 * weights; its path is exercised in the Chromium e2e run up to the download.
 */
let server: OpenAISseServer;
beforeAll(async () => {
  server = await startOpenAISseServer({ tokenDelayMs: 3 });
});
afterAll(() => server.close());

const backends: { name: string; create(): EngineClient }[] = [
  { name: 'test engine', create: () => new TestEngine({ tokenDelayMs: 3, loadStepMs: 1 }) },
  { name: 'OpenAI-compatible adapter (local SSE server)', create: () => new OpenAIAdapter({ baseUrl: server.baseUrl, model: TEST_ENGINE_MODEL_ID }) },
];

const question = [
  { role: 'system' as const, content: 'You answer briefly.' },
  { role: 'user' as const, content: 'Why is the sky blue during the day and red at sunset, and what does Rayleigh scattering have to do with it?' },
];

describe.each(backends)('EngineClient contract: $name', ({ create }) => {
  it('loads with progress that ends at 1 and reports what it is', async () => {
    const engine = create();
    const progress: LoadProgress[] = [];
    const info = await engine.load(TEST_ENGINE_MODEL_ID, { onProgress: (p) => progress.push(p) });
    expect(info.modelId).toBe(TEST_ENGINE_MODEL_ID);
    expect(info.contextWindow).toBeGreaterThan(1000);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ fraction: 1, phase: 'ready' });
    for (let i = 1; i < progress.length; i++) expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
  });

  it('streams a reply whose pieces add up to the final text, with statistics', async () => {
    const engine = create();
    await engine.load(TEST_ENGINE_MODEL_ID);
    const deltas: string[] = [];
    const result = await engine.chat({ messages: question }, { onDelta: (d) => deltas.push(d) });
    expect(result.finishReason).toBe('stop');
    expect(result.text).toBe(testEngineReply(question));
    expect(deltas.length).toBeGreaterThan(5);
    expect(deltas.join('')).toBe(result.text);
    expect(result.stats.completionTokens).toBe(deltas.length);
    expect(result.stats.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.stats.decodeTokensPerSecond).toBeGreaterThan(0);
  });

  it('stops when the signal aborts, keeping the text so far', async () => {
    const engine = create();
    await engine.load(TEST_ENGINE_MODEL_ID);
    const controller = new AbortController();
    const deltas: string[] = [];
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
    expect(result.text.length).toBeLessThan(testEngineReply(question).length);
  });

  it('honours maxTokens with finishReason "length"', async () => {
    const engine = create();
    await engine.load(TEST_ENGINE_MODEL_ID);
    const result = await engine.chat({ messages: question, maxTokens: 4 });
    expect(result.finishReason).toBe('length');
    expect(result.stats.completionTokens).toBe(4);
  });

  it('echoes untrusted markup verbatim (views must escape it)', async () => {
    const engine = create();
    await engine.load(TEST_ENGINE_MODEL_ID);
    const payload = '<img src=x onerror="alert(1)"> & <script>alert(2)</script>';
    const result = await engine.chat({ messages: [{ role: 'user', content: `<<echo>>${payload}<</echo>>` }] });
    expect(result.text).toBe(payload);
  });

  it('can be unloaded and loaded again', async () => {
    const engine = create();
    await engine.load(TEST_ENGINE_MODEL_ID);
    await engine.unload();
    await engine.load(TEST_ENGINE_MODEL_ID);
    expect((await engine.chat({ messages: question })).text).toBe(testEngineReply(question));
  });
});
