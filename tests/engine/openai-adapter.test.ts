import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIAdapter, listServerModels, normalizeBaseUrl, testServerConnection } from '@/lib/engine/openai-adapter';
import { ContextOverflowError, ServerResponseError, ServerUnreachableError } from '@/lib/engine/errors';
import { testEngineReply } from '@/lib/engine/test-engine';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';

let server: OpenAISseServer;
beforeAll(async () => {
  server = await startOpenAISseServer({ tokenDelayMs: 1 });
});
afterAll(() => server.close());

const messages = [{ role: 'user' as const, content: 'Tell me about the history of the printing press in Europe and its effects on literacy.' }];

function adapter(model: string) {
  return new OpenAIAdapter({ baseUrl: server.baseUrl, model });
}

describe('the OpenAI-compatible adapter', () => {
  it('normalizes what people type into the API base URL', () => {
    expect(normalizeBaseUrl('http://localhost:11434')).toBe('http://localhost:11434/v1');
    expect(normalizeBaseUrl(' http://127.0.0.1:1234/v1/ ')).toBe('http://127.0.0.1:1234/v1');
    expect(() => normalizeBaseUrl('file:///etc/passwd')).toThrow(/not an http/);
    expect(() => normalizeBaseUrl('javascript:alert(1)')).toThrow(/not an http/);
    expect(() => normalizeBaseUrl('http://')).toThrow(ServerUnreachableError);
  });

  it('accepts an address without a scheme, as servers print it (localhost:11434 was refused)', () => {
    expect(normalizeBaseUrl('localhost:11434')).toBe('http://localhost:11434/v1');
    expect(normalizeBaseUrl('127.0.0.1:1234')).toBe('http://127.0.0.1:1234/v1');
    expect(normalizeBaseUrl(' localhost:8080/v1/ ')).toBe('http://localhost:8080/v1');
    expect(normalizeBaseUrl('localhost')).toBe('http://localhost/v1');
  });

  it('tests what chat will do: a server that lists its models but refuses a chat is not "Connected"', async () => {
    const result = await testServerConnection(server.baseUrl, '', fetch, 'forbidden');
    expect(result.ok).toBe(false);
    expect(result.chatModel).toBe('forbidden');
    expect(result.message).toMatch(/lists 7 models, but refused a chat with “forbidden”.*403/);
    expect(result.hint).toContain('OLLAMA_ORIGINS');
    // The models stay listed, so the person can pick another one.
    expect(result.models.map((m) => m.id)).toContain('gleaner-test-engine');

    const fine = await testServerConnection(server.baseUrl, '', fetch, 'gleaner-test-engine');
    expect(fine).toMatchObject({ ok: true, chatModel: 'gleaner-test-engine' });
    expect(fine.message).toMatch(/^Connected: 7 models available; “gleaner-test-engine” answered a test chat\.$/);
  });

  it('does not load (so is never "ready") a server that refuses chat', async () => {
    const error = await adapter('forbidden')
      .load('forbidden')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerResponseError);
    expect((error as Error).message).toMatch(/403/);
  });

  it('uses the context window the person set, else the server’s figure, else 4,096', async () => {
    const silent = await startOpenAISseServer({ listContext: false });
    try {
      expect((await new OpenAIAdapter({ baseUrl: silent.baseUrl, model: 'gleaner-test-engine' }).load()).contextWindow).toBe(4096);
      expect((await new OpenAIAdapter({ baseUrl: silent.baseUrl, model: 'gleaner-test-engine', contextWindow: 32768 }).load()).contextWindow).toBe(32768);
      expect((await new OpenAIAdapter({ baseUrl: server.baseUrl, model: 'gleaner-test-engine' }).load()).contextWindow).toBe(8192);
      expect((await new OpenAIAdapter({ baseUrl: server.baseUrl, model: 'gleaner-test-engine', contextWindow: 16384 }).load()).contextWindow).toBe(16384);
    } finally {
      await silent.close();
    }
  });

  it('lists the server models with their context length', async () => {
    const models = await listServerModels(server.baseUrl);
    expect(models.map((m) => m.id)).toContain('gleaner-test-engine');
    expect(models[0]!.contextWindow).toBe(8192);
  });

  it('parses CRLF events split across many network writes', async () => {
    const result = await adapter('crlf-split').chat({ messages });
    expect(result.text).toBe(testEngineReply(messages));
    expect(result.stats.promptTokens).toBe(11);
  });

  it('turns a malformed stream event into a clear error', async () => {
    await expect(adapter('malformed').chat({ messages })).rejects.toThrow(ServerResponseError);
    await expect(adapter('malformed').chat({ messages })).rejects.toThrow(/malformed stream event/);
  });

  it('turns a cut-off stream into a clear error', async () => {
    const error = await adapter('cut-off')
      .chat({ messages })
      .catch((e: unknown) => e as ServerResponseError);
    expect(error).toBeInstanceOf(ServerResponseError);
    expect((error as Error).message).toMatch(/cut off|broke off/);
    expect((error as ServerResponseError).hint).toMatch(/Try again/);
  });

  it('reports an error sent inside the stream', async () => {
    await expect(adapter('error-event').chat({ messages })).rejects.toThrow(/the model crashed/);
  });

  it('explains an origin refusal (Ollama without OLLAMA_ORIGINS)', async () => {
    const error = (await adapter('forbidden')
      .chat({ messages })
      .catch((e: unknown) => e)) as ServerResponseError;
    expect(error).toBeInstanceOf(ServerResponseError);
    expect(error.hint).toContain('OLLAMA_ORIGINS');
  });

  it('maps a context-length refusal to ContextOverflowError', async () => {
    await expect(adapter('overflow').chat({ messages })).rejects.toThrow(ContextOverflowError);
  });

  it('refuses a model the server does not have, naming the ones it has', async () => {
    const error = (await adapter('no-such-model')
      .load('no-such-model')
      .catch((e: unknown) => e)) as ServerResponseError;
    expect(error.message).toMatch(/no model “no-such-model”/);
    expect(error.hint).toContain('gleaner-test-engine');
  });

  it('sends the API key and only talks to the address entered', async () => {
    const keyed = await startOpenAISseServer({ apiKey: 'sk-local' });
    try {
      const denied = await testServerConnection(keyed.baseUrl, 'wrong');
      expect(denied.ok).toBe(false);
      expect(denied.message).toMatch(/401/);
      const ok = await testServerConnection(keyed.baseUrl, 'sk-local');
      expect(ok.ok).toBe(true);
      const engine = new OpenAIAdapter({ baseUrl: keyed.baseUrl, model: 'gleaner-test-engine', apiKey: 'sk-local' });
      await engine.load('gleaner-test-engine');
      await engine.chat({ messages });
      expect(keyed.requests.every((r) => r.authorization === 'Bearer sk-local' || r.authorization === 'Bearer wrong')).toBe(true);
      // denied: the list; ok: the list and a one-token chat; load: the same; then the chat.
      expect(keyed.requests.map((r) => r.url)).toEqual(['/v1/models', '/v1/models', '/v1/chat/completions', '/v1/models', '/v1/chat/completions', '/v1/chat/completions']);
    } finally {
      await keyed.close();
    }
  });

  it('explains an unreachable server with the CORS / origin advice', async () => {
    const closed = await startOpenAISseServer();
    const url = closed.baseUrl;
    await closed.close();
    const result = await testServerConnection(url);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Could not reach http:\/\/127\.0\.0\.1/);
    expect(result.hint).toContain('OLLAMA_ORIGINS');
  });
});
