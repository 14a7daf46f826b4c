/**
 * A one-shot request that one context leaves for a view that may not be open yet
 * ("Summarize this page" from the menu opens the side panel and leaves the summary
 * for Chat to start; "Count tokens" leaves the tab to read for the Tokens view). It
 * is one stored item (lib/messaging/stored.ts); the background is its only reader
 * and `take()` reads and removes it as one step, so a view that asks twice (on mount
 * and on the storage change), or two views, start it once.
 */

/** The part of a stored item (WXT's `storage.defineItem`) a pending request needs. */
export interface PendingItem<T> {
  getValue(): Promise<T | null>;
  setValue(value: T): Promise<void>;
  removeValue(): Promise<void>;
}

/** A pending request kept in `item`, stale after `ttlMs` (an old menu click must not start work when a view opens hours later). */
export function pendingRequest<T extends { at: number }>(item: PendingItem<T>, ttlMs: number) {
  // Takes run one after another: between one take's read and its remove, another take would read the same request.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    /** Leaves a request, replacing any earlier one. */
    put: (request: T): Promise<void> => item.setValue(request),
    /** The request if one is waiting and fresh, removed in the same step; null otherwise. */
    take(now = Date.now()): Promise<T | null> {
      const taken = queue.then(async () => {
        const stored = await item.getValue();
        if (!stored) return null;
        await item.removeValue();
        return now - stored.at < ttlMs ? stored : null;
      });
      queue = taken.catch(() => undefined);
      return taken;
    },
  };
}
