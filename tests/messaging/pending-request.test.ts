import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { pendingRequest } from '@/lib/messaging/pending-request';

// A stored item as lib/messaging/stored.ts defines them; WXT's in-memory browser stands in for storage.session (Node has none).
const item = storage.defineItem<{ tabId: number; at: number }>('session:test.pending');

describe('a pending request', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is taken once when two takes race (a view asking on mount and on the storage change)', async () => {
    const pending = pendingRequest<{ tabId: number; at: number }>(item, 60_000);
    await pending.put({ tabId: 7, at: Date.now() });
    const taken = await Promise.all([pending.take(), pending.take(), pending.take()]);
    expect(taken.filter(Boolean)).toEqual([{ tabId: 7, at: expect.any(Number) }]);
    expect(await fakeBrowser.storage.session.get('test.pending')).toEqual({});
  });

  it('is dropped, not started, when it is older than its time to live', async () => {
    const pending = pendingRequest<{ tabId: number; at: number }>(item, 1_000);
    await pending.put({ tabId: 7, at: 0 });
    expect(await pending.take(5_000)).toBeNull();
    expect(await pending.take(5_000)).toBeNull();
  });

  it('keeps the latest of two requests', async () => {
    const pending = pendingRequest<{ tabId: number; at: number }>(item, 60_000);
    await pending.put({ tabId: 1, at: Date.now() });
    await pending.put({ tabId: 2, at: Date.now() });
    expect((await pending.take())?.tabId).toBe(2);
  });
});
