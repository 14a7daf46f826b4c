import { afterAll, beforeAll } from 'vitest';
import { TestEngine, TEST_ENGINE_MODEL_ID, testEngineReply } from '@/lib/engine/test-engine';
import { OpenAIAdapter } from '@/lib/engine/openai-adapter';
import { startOpenAISseServer, type OpenAISseServer } from '../support/openai-sse-server';
import { describeEngineContract } from './engine-contract';

// The EngineClient contract (tests/engine/engine-contract.ts) for the backends that run in Node.
let server: OpenAISseServer;
beforeAll(async () => {
  server = await startOpenAISseServer({ tokenDelayMs: 3 });
});
afterAll(() => server.close());

describeEngineContract([
  { name: 'test engine', create: () => new TestEngine({ tokenDelayMs: 3, loadStepMs: 1 }), modelId: TEST_ENGINE_MODEL_ID, reply: testEngineReply },
  {
    name: 'OpenAI-compatible adapter (local SSE server)',
    create: () => new OpenAIAdapter({ baseUrl: server.baseUrl, model: TEST_ENGINE_MODEL_ID }),
    modelId: TEST_ENGINE_MODEL_ID,
    reply: testEngineReply,
  },
]);
