import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { pendingFor, pendingRequest, takerWindowId, type PendingByWindow } from '@/lib/messaging/pending-request';
import { ValidationError } from '@/lib/messaging/errors';

type Request = { tabId: number; at: number };
// A stored item as lib/messaging/stored.ts defines them; WXT's in-memory browser stands in for storage.session (Node has none).
const item = storage.defineItem<PendingByWindow<Request>>('session:test.pending');

describe('a pending request', () => {
  beforeEach(() => fakeBrowser.reset());

  it('is taken once when two takes race (a view asking on mount and on the storage change)', async () => {
    const pending = pendingRequest<Request>(item, 60_000);
    await pending.put(1, { tabId: 7, at: Date.now() });
    const taken = await Promise.all([pending.take(1), pending.take(1), pending.take(1)]);
    expect(taken.filter(Boolean)).toEqual([{ tabId: 7, at: expect.any(Number) }]);
    expect(await fakeBrowser.storage.session.get('test.pending')).toEqual({});
  });

  it('is dropped, not started, when it is older than its time to live', async () => {
    const pending = pendingRequest<Request>(item, 1_000);
    await pending.put(1, { tabId: 7, at: 0 }, 0);
    expect(await pending.take(1, 5_000)).toBeNull();
    expect(await pending.take(1, 5_000)).toBeNull();
  });

  it('keeps the latest of two requests of a window', async () => {
    const pending = pendingRequest<Request>(item, 60_000);
    await pending.put(1, { tabId: 1, at: Date.now() });
    await pending.put(1, { tabId: 2, at: Date.now() });
    expect((await pending.take(1))?.tabId).toBe(2);
  });

  it('is for the window it was asked in: another window’s side panel neither takes it nor replaces it', async () => {
    const pending = pendingRequest<Request>(item, 60_000);
    // "Summarize this page" in window 1's popup; window 2's panel, open at the same time, asks for its own requests.
    await pending.put(1, { tabId: 10, at: Date.now() });
    expect(await pending.take(2)).toBeNull();
    await pending.put(2, { tabId: 20, at: Date.now() });
    const stored = await item.getValue();
    expect(pendingFor(stored, 1)).toBe(true);
    expect(pendingFor(stored, 2)).toBe(true);
    expect(pendingFor(stored, 3)).toBe(false);
    expect(pendingFor(stored, undefined)).toBe(false);
    expect((await pending.take(1))?.tabId).toBe(10);
    expect((await pending.take(2))?.tabId).toBe(20);
    expect(await item.getValue()).toBeNull();
  });

  it('drops other windows’ stale requests when one is left, and refuses a take without a window', async () => {
    const pending = pendingRequest<Request>(item, 1_000);
    await pending.put(1, { tabId: 10, at: 0 }, 0);
    await pending.put(2, { tabId: 20, at: 5_000 }, 5_000);
    expect(Object.keys((await item.getValue())!)).toEqual(['2']);
    expect(() => takerWindowId(undefined)).toThrow(ValidationError);
    expect(takerWindowId(2)).toBe(2);
  });
});
