import { describe, expect, it } from 'vitest';
import { CpuAdapter } from '@/lib/engine/cpu-adapter';
import { CpuEngineUnavailableError } from '@/lib/engine/errors';
import type { GgufStore } from '@/lib/engine/gguf-store';

// Firefox refuses the blob: worker wllama starts llama.cpp in (tests/e2e/firefox/cpu-engine.firefox.ts):
// the load must fail with that reason, at once — not hang, and not blame the file.
describe('the CPU engine where its worker cannot start', () => {
  it('fails the load with CpuEngineUnavailableError and a next step', async () => {
    const store = {
      status: async () => ({ complete: true, bytes: 4 }),
      open: async () => new Blob(['GGUF']),
      download: async () => undefined,
    } as unknown as GgufStore;
    const adapter = new CpuAdapter({ store, embeddingModelId: '', runtime: { threads: 1, mode: 'CPU, 1 thread' }, canStartBlobWorkers: async () => false });
    const failure = adapter.load('smollm2-360m-instruct-q8_0').catch((error: unknown) => error);
    const error = (await failure) as CpuEngineUnavailableError;
    expect(error).toBeInstanceOf(CpuEngineUnavailableError);
    expect(error.message).toBe('The CPU engine cannot start in this browser: it does not let Gleaner start the worker that llama.cpp runs in.');
    expect(error.hint).toMatch(/own server/);
  });
});
