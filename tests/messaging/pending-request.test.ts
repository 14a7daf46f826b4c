import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { pendingRequest } from '@/lib/messaging/pending-request';

// WXT's in-memory browser stands in for storage.session (Node has none).
const area = () => fakeBrowser.storage.session;

describe('a pending request', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is taken once when two takes race (a view asking on mount and on the storage change)', async () => {
    const pending = pendingRequest<{ tabId: number; at: number }>(area, 'test.pending', 60_000);
    await pending.put({ tabId: 7, at: Date.now() });
    const taken = await Promise.all([pending.take(), pending.take(), pending.take()]);
    expect(taken.filter(Boolean)).toEqual([{ tabId: 7, at: expect.any(Number) }]);
    expect(await fakeBrowser.storage.session.get('test.pending')).toEqual({});
  });

  it('is dropped, not started, when it is older than its time to live', async () => {
    const pending = pendingRequest<{ tabId: number; at: number }>(area, 'test.pending', 1_000);
    await pending.put({ tabId: 7, at: 0 });
    expect(await pending.take(5_000)).toBeNull();
    expect(await pending.take(5_000)).toBeNull();
  });

  it('keeps the latest of two requests', async () => {
    const pending = pendingRequest<{ tabId: number; at: number }>(area, 'test.pending', 60_000);
    await pending.put({ tabId: 1, at: Date.now() });
    await pending.put({ tabId: 2, at: Date.now() });
    expect((await pending.take())?.tabId).toBe(2);
  });
});
