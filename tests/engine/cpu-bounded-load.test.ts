import { describe, expect, it } from 'vitest';
import { boundedLoad } from '@/lib/engine/cpu-adapter';
import { CpuEngineUnavailableError } from '@/lib/engine/errors';

// wllama waits for ever for a worker that died (a crash in the wasm, a worker script the
// browser refused): the CPU engine's load settles anyway, in words. The real worker and a
// damaged file are in tests/e2e/cpu-engine.e2e.ts; here, the rule with plain promises.
const never = new Promise<never>(() => undefined);

describe('boundedLoad', () => {
  it('gives a load that never answers up after its time, saying so', async () => {
    const started = Date.now();
    await expect(boundedLoad(never, { failure: never, timeoutMs: 50 })).rejects.toThrow('llama.cpp did not finish loading it within 1 s');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('fails at once with the worker’s failure', async () => {
    const failure = Promise.reject(new CpuEngineUnavailableError('The CPU engine stopped: the worker that llama.cpp runs in could not start or crashed.'));
    await expect(boundedLoad(never, { failure, timeoutMs: 60_000 })).rejects.toBeInstanceOf(CpuEngineUnavailableError);
  });

  it('returns the load’s own result or error when it settles in time', async () => {
    await expect(boundedLoad(Promise.resolve('loaded'), { failure: never, timeoutMs: 60_000 })).resolves.toBe('loaded');
    await expect(boundedLoad(Promise.reject(new Error('load_error')), { failure: never, timeoutMs: 60_000 })).rejects.toThrow('load_error');
  });
});
