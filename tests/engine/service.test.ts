import { describe, expect, it } from 'vitest';
import { EngineService } from '@/lib/engine/service';
import { createEngineClient } from '@/lib/engine/client';
import { TestEngine, TEST_ENGINE_MODEL_ID, testEngineReply } from '@/lib/engine/test-engine';
import { ConnectionError } from '@/lib/messaging/errors';
import { CpuEngineCrashedError, NoModelError } from '@/lib/engine/errors';
import type { EngineConfig, EngineProgressEvent } from '@/lib/messaging/protocol';
import type { PortLike } from '@/lib/messaging/port';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { portPair } from '../support/port-pair';

/**
 * The engine host's service with real StreamServer/StreamClient over
 * in-memory Ports (the e2e run repeats the important cases with real
 * runtime Ports and the offscreen document).
 */
function setup(config: Partial<EngineConfig> = {}, clock = { now: 0 }, Engine: typeof TestEngine = TestEngine) {
  const current: EngineConfig = { ...DEFAULT_SETTINGS.engine, backend: 'test', ...config };
  const created: TestEngine[] = [];
  const idle: number[] = [];
  const service = new EngineService({
    getConfig: async () => ({ ...current }),
    createBackend: async () => {
      const engine = new Engine({ tokenDelayMs: 2, loadStepMs: 1 });
      created.push(engine);
      return engine;
    },
    onIdle: (ms) => idle.push(ms),
    now: () => clock.now,
  });
  const hostPorts: PortLike[] = [];
  let wakes = 0;
  const client = () =>
    createEngineClient({
      connect: () => {
        const [viewPort, hostPort] = portPair('engine');
        hostPorts.push(hostPort);
        service.accept(hostPort);
        return viewPort;
      },
      wake: async () => {
        wakes += 1;
      },
    });
  return { service, client, created, hostPorts, current, idle, clock, wakes: () => wakes };
}

const messages = [{ role: 'user' as const, content: 'What is the difference between a popup and a side panel?' }];

/**
 * A test double of a crash in the CPU engine (the real one is provoked in Chromium:
 * tests/e2e/cpu-crash.e2e.ts): the test engine streams two pieces of its first reply, then
 * loses its model as the CPU engine does when it throws a crashed wasm instance away.
 */
class CrashingTestEngine extends TestEngine {
  loads = 0;
  private crashes = 1;
  override async load(...args: Parameters<TestEngine['load']>) {
    this.loads += 1;
    return super.load(...args);
  }
  override async chat(...args: Parameters<TestEngine['chat']>) {
    if (this.crashes-- <= 0) return super.chat(...args);
    args[1]?.onDelta?.('Half an');
    args[1]?.onDelta?.(' answer');
    await this.unload();
    throw new CpuEngineCrashedError('The CPU engine crashed in the middle of the reply: llama.cpp ran out of memory.');
  }
}

describe('the engine service behind createEngineClient', () => {
  it('loads by itself on the first chat and broadcasts progress to every client', async () => {
    const { client } = setup();
    const a = client();
    const b = client();
    await b.connect();
    const seenByB: EngineProgressEvent[] = [];
    b.onProgress((event) => seenByB.push(event));
    const result = await a.chat({ messages });
    expect(result.text).toBe(testEngineReply(messages));
    expect(seenByB.at(-1)?.progress.fraction).toBe(1);
    expect(seenByB[0]!.modelId).toBe('gleaner-test-engine');
    const info = await b.getEngineInfo();
    expect(info).toMatchObject({ backend: 'test', loaded: true, modelId: 'gleaner-test-engine', contextWindow: 4096, clients: 2 });
  });

  it('serves two clients chatting at once', async () => {
    const { client } = setup();
    const other = [{ role: 'user' as const, content: '<<echo>>second client<</echo>>' }];
    const [one, two] = await Promise.all([client().chat({ messages }), client().chat({ messages: other })]);
    expect(one.text).toBe(testEngineReply(messages));
    expect(two.text).toBe('second client');
  });

  it('gives a retryable error when the host goes away mid-stream, and recovers on the next call', async () => {
    const { client, hostPorts, wakes } = setup();
    const view = client();
    const pieces: string[] = [];
    const pending = view.chat(
      { messages },
      {
        onDelta: (d) => {
          pieces.push(d);
          if (pieces.length === 2) hostPorts[0]!.disconnect();
        },
      },
    );
    const error = await pending.catch((e: unknown) => e as ConnectionError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retryable).toBe(true);
    const again = await view.chat({ messages });
    expect(again.text).toBe(testEngineReply(messages));
    expect(wakes()).toBe(2);
  });

  it('after a backend lost its model in a crash, says so and loads it again on the next request', async () => {
    const { client, created } = setup({}, { now: 0 }, CrashingTestEngine);
    const view = client();
    const pieces: string[] = [];
    const error = await view.chat({ messages }, { onDelta: (d) => pieces.push(d) }).catch((e: unknown) => e as CpuEngineCrashedError);
    // The view got what was streamed before the crash, then the crash as its own class, with Retry.
    expect(pieces.join('')).toBe('Half an answer');
    expect(error).toBeInstanceOf(CpuEngineCrashedError);
    expect((error as CpuEngineCrashedError).retryable).toBe(true);
    const engine = created[0] as CrashingTestEngine;
    expect(await view.getEngineInfo()).toMatchObject({ loaded: false, lastError: { name: 'CpuEngineCrashedError' } });
    // Retry: the model is loaded again (not a dead instance asked again), and answers.
    const again = await view.chat({ messages });
    expect(again.text).toBe(testEngineReply(messages));
    expect(engine.loads).toBe(2);
    expect(created).toHaveLength(1);
    expect(await view.getEngineInfo()).toMatchObject({ loaded: true });
  });

  it('stops a reply from another client with abortAll', async () => {
    const { client } = setup();
    const writer = client();
    const stopper = client();
    let started!: () => void;
    const first = new Promise<void>((r) => (started = r));
    const reply = writer.chat({ messages }, { onDelta: () => started() });
    await first;
    expect(await stopper.abortAll()).toBe(1);
    expect((await reply).finishReason).toBe('abort');
  });

  it('switches backend when the settings change', async () => {
    const { client, created, current } = setup();
    const view = client();
    await view.chat({ messages });
    current.backend = 'webllm';
    current.webllmModelId = '';
    await expect(view.chat({ messages })).rejects.toThrow(NoModelError);
    current.backend = 'test';
    await view.chat({ messages });
    expect(created).toHaveLength(2);
  });

  it('keeps the model a load({modelId}) chose for the next chat, until the settings change', async () => {
    const { client, created, current } = setup({ backend: 'webllm', webllmModelId: 'model-a' });
    const view = client();
    const loadedIds: string[] = [];
    const loadOf = (engine: TestEngine) => {
      const load = engine.load.bind(engine);
      engine.load = (id, options) => (loadedIds.push(id ?? TEST_ENGINE_MODEL_ID), load(id, options));
    };
    await view.load('model-b');
    created.forEach(loadOf);
    expect(await view.getEngineInfo()).toMatchObject({ modelId: 'model-b', loaded: true });
    await view.chat({ messages });
    // The model just loaded answers: no unload, no second backend, no second load.
    expect(created).toHaveLength(1);
    expect(loadedIds).toEqual([]);
    expect(await view.getEngineInfo()).toMatchObject({ modelId: 'model-b', loaded: true });
    // The settings object the host reads was not changed behind its back.
    expect(current.webllmModelId).toBe('model-a');
    // Once the person picks another model in the settings, that one is used.
    current.webllmModelId = 'model-c';
    await view.chat({ messages });
    expect(created).toHaveLength(2);
    expect(await view.getEngineInfo()).toMatchObject({ modelId: 'model-c', loaded: true });
  });

  it('stops a load when the view that asked for it cancels, and loads again on the next call', async () => {
    const { client, created } = setup();
    const view = client();
    const controller = new AbortController();
    const pending = view.load(undefined, { signal: controller.signal, onProgress: (p) => p.fraction >= 0.4 && controller.abort() });
    await expect(pending).rejects.toMatchObject({ name: 'AbortedError' });
    await expect.poll(async () => (await view.getEngineInfo()).loading).toBe(false);
    expect(created[0]!.isLoaded).toBe(false);
    expect((await view.chat({ messages })).text).toBe(testEngineReply(messages));
  });

  it('reports idleness only after the configured period without requests', async () => {
    const { client, service, idle, clock, current } = setup({ idleMinutes: 10 });
    await client().chat({ messages });
    clock.now += 9 * 60_000;
    expect(service.checkIdle()).toBe(false);
    clock.now += 2 * 60_000;
    expect(service.checkIdle()).toBe(true);
    expect(idle[0]).toBeGreaterThanOrEqual(10 * 60_000);
    current.idleMinutes = 0;
    await client().getEngineInfo();
    clock.now += 60 * 60_000;
    expect(service.checkIdle()).toBe(false);
  });
});

describe('status seen by a view', () => {
  it('turns to "not loaded" when the host goes away', async () => {
    const { client, hostPorts } = setup();
    const view = client();
    const seen: boolean[] = [];
    view.onStatus((s) => seen.push(s.loaded));
    await view.chat({ messages });
    expect((await view.getEngineInfo()).loaded).toBe(true);
    hostPorts[0]!.disconnect();
    await expect.poll(() => seen.at(-1)).toBe(false);
  });
});
