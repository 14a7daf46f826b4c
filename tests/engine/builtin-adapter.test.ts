import { describe, expect, it } from 'vitest';
import { BuiltinAdapter, probeBuiltinModel } from '@/lib/engine/builtin-adapter';
import { BuiltinModelUnavailableError } from '@/lib/engine/errors';

/**
 * Chrome's built-in model (Prompt API). Where it runs it needs Chrome's
 * on-device model, which this machine does not have: Chromium here reports it
 * unavailable (the e2e run checks the Models view says so). These cases pass
 * the global scope the adapter reads, as the browser would present it.
 */
describe('Chrome’s built-in model as a backend', () => {
  it('is unavailable where the browser has no Prompt API, and loading says so with a next step', async () => {
    expect(await probeBuiltinModel({})).toBe('unavailable');
    const error = await new BuiltinAdapter({}).load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuiltinModelUnavailableError);
    expect((error as BuiltinModelUnavailableError).hint).toMatch(/CPU engine/);
  });

  it('is unavailable when the browser reports it so, or when asking fails', async () => {
    const reports = {
      LanguageModel: {
        availability: async () => 'unavailable' as const,
        create: async () => {
          throw new Error('never created');
        },
      },
    };
    expect(await probeBuiltinModel(reports)).toBe('unavailable');
    await expect(new BuiltinAdapter(reports).load()).rejects.toBeInstanceOf(BuiltinModelUnavailableError);
    expect(
      await probeBuiltinModel({
        LanguageModel: {
          availability: async () => {
            throw new Error('service not running');
          },
        },
      }),
    ).toBe('unavailable');
  });
});
