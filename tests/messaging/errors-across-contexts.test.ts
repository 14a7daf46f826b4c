/**
 * The popup's bundle never imports lib/engine/errors.ts (it ships in the server
 * adapter's chunk), so nothing in this file imports it before the error arrives:
 * the receiving side must still rebuild the class with its hint and next step.
 * The frame below is what the engine host sends for a summary asked before any
 * model was chosen (serializeError(new NoModelError()), as JSON).
 */
import { describe, expect, it } from 'vitest';
import { StreamClient } from '@/lib/messaging/port';
import { GleanerError, describeError } from '@/lib/messaging/errors';
import type { StreamFrame } from '@/lib/messaging/protocol';
import { portPair } from '../support/port-pair';

const NO_MODEL_FRAME = {
  name: 'NoModelError',
  message: 'No model is chosen yet.',
  retryable: false,
  hint: 'Download a model that fits this computer, or connect a server you run (Ollama, LM Studio).',
  action: 'open-models',
} as const;

describe('an engine error received by a view that never loaded the engine errors', () => {
  it('keeps its class, message, hint and next step', async () => {
    const [client, host] = portPair('engine');
    host.onMessage.addListener((message) => {
      const frame = message as StreamFrame;
      if (frame.kind === 'request') host.postMessage(JSON.parse(JSON.stringify({ id: frame.id, kind: 'error', error: NO_MODEL_FRAME })));
    });
    const stream = new StreamClient<{ load: { params: object; chunk: never; result: never } }>(() => client);
    const error = await stream.call('load', {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GleanerError);
    expect(describeError(error)).toEqual(NO_MODEL_FRAME);
    // The class itself, not only its name: `instanceof` works in every context.
    const { NoModelError } = await import('@/lib/engine/errors');
    expect(error).toBeInstanceOf(NoModelError);
  });
});
