import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { sendToBackground } from '@/lib/messaging/client';
import { ConnectionError } from '@/lib/messaging/errors';

// What Firefox answers when a message arrives as its event page is being suspended
// (observed in Firefox ESR 153: tests/e2e/firefox/firefox.firefox.ts).
const STOPPING = 'Could not establish connection. Receiving end does not exist.';

describe('sendToBackground', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends again when the background was stopping (not delivered), and gets the answer of the woken page', async () => {
    const send = vi
      .spyOn(fakeBrowser.runtime, 'sendMessage')
      .mockRejectedValueOnce(new Error(STOPPING))
      .mockRejectedValueOnce(new Error(STOPPING))
      .mockResolvedValueOnce({ ok: true, value: { pong: true, context: 'background', version: 'x', uptimeMs: 1 } } as never);
    await expect(sendToBackground('core.ping', { from: 'test' })).resolves.toMatchObject({ pong: true });
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('does not send again after a failure that may have been delivered', async () => {
    const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('Message manager disconnected'));
    const failure = sendToBackground('core.ping', { from: 'test' });
    await expect(failure).rejects.toBeInstanceOf(ConnectionError);
    await expect(failure).rejects.toThrow('Could not reach the background: Message manager disconnected');
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('gives up with a retryable ConnectionError when the background never answers', async () => {
    vi.useFakeTimers();
    try {
      const send = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error(STOPPING));
      const failure = sendToBackground('core.ping', { from: 'test' }).catch((error: unknown) => error);
      await vi.runAllTimersAsync();
      const error = (await failure) as ConnectionError;
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error.retryable).toBe(true);
      expect(send).toHaveBeenCalledTimes(5);
    } finally {
      vi.useRealTimers();
    }
  });
});
