/**
 * A one-shot request that one context leaves for a view that may not be open yet
 * ("Summarize this page" from the menu opens the side panel and leaves the summary
 * for Chat to start; "Count tokens" leaves the tab to read for the Tokens view). It
 * is one stored item (lib/messaging/stored.ts); the background is its only reader
 * and writer, and `take()` reads and removes it as one step, so a view that asks twice
 * (on mount and on the storage change), or two views, start it once.
 *
 * Requests are kept by the window they were asked in: each window has its own side
 * panel, and a request from one window's menu or popup is only for that window's
 * panel (another window's panel, open at the same time, must not start it).
 */

/** The part of a stored item (WXT's `storage.defineItem`) a pending request needs. */
export interface PendingItem<T> {
  getValue(): Promise<T | null>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
}

import { ValidationError } from './errors';

/** Pending requests by window id (a window with none has no key). */
export type PendingByWindow<T> = Record<string, T>;

/** True when `stored` holds a request for `windowId`: a view follows the item but reacts only to its own window's requests. */
export function pendingFor<T>(stored: PendingByWindow<T> | null | undefined, windowId: number | undefined): boolean {
  return windowId !== undefined && stored?.[windowId] !== undefined;
}

/** The window id a view sent to take its request, checked (it comes from another context). */
export function takerWindowId(windowId: unknown): number {
  if (!Number.isInteger(windowId)) throw new ValidationError('A pending request is taken by the window it was left for: the window id is missing.');
  return windowId as number;
}

/** Pending requests kept in `item`, each stale after `ttlMs` (an old menu click must not start work when a view opens hours later). */
export function pendingRequest<T extends { at: number }>(item: PendingItem<PendingByWindow<T>>, ttlMs: number) {
  // Puts and takes run one after another: each reads, changes and writes the whole item.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <R>(step: () => Promise<R>): Promise<R> => {
    const run = queue.then(step);
    queue = run.catch(() => undefined);
    return run;
  };
  return {
    /** Leaves a request for the panel of `windowId`, replacing an earlier one of that window; stale ones of other windows are dropped. */
    put: (windowId: number, request: T, now = Date.now()): Promise<void> =>
      serial(async () => {
        const fresh = Object.entries((await item.getValue()) ?? {}).filter(([, kept]) => now - kept.at < ttlMs);
        await item.setValue({ ...Object.fromEntries(fresh), [windowId]: request });
      }),
    /** The request of `windowId` if one is waiting and fresh, removed in the same step; null otherwise. */
    take: (windowId: number, now = Date.now()): Promise<T | null> =>
      serial(async () => {
        const stored = await item.getValue();
        const request = stored?.[windowId];
        if (!stored || !request) return null;
        const rest = Object.fromEntries(Object.entries(stored).filter(([key]) => key !== String(windowId)));
        if (Object.keys(rest).length > 0) await item.setValue(rest);
        else await item.removeValue();
        return now - request.at < ttlMs ? request : null;
      }),
  };
}
