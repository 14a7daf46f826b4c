/**
 * A one-shot request that one context leaves for a view that may not be open yet
 * ("Summarize this page" from the menu opens the side panel and leaves the summary
 * for Chat to start). It lives in `storage.session` under one key; the background
 * is its only reader and `take()` reads and removes it as one step, so a view that
 * asks twice (on mount and on the storage change), or two views, start it once.
 */

/** Where "Summarize this page" waits for Chat (the view watches this key, the background takes it). */
export const PENDING_SUMMARY_KEY = 'answers.pendingSummary';

/** The part of a `storage.session` area a pending request needs. */
export interface PendingArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

/** A pending request stored under `key`, stale after `ttlMs` (an old menu click must not start work when a view opens hours later). */
export function pendingRequest<T extends { at: number }>(area: () => PendingArea, key: string, ttlMs: number) {
  // Takes run one after another: between one take's read and its remove, another take would read the same request.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    key,
    /** Leaves a request, replacing any earlier one. */
    put: (request: T): Promise<void> => area().set({ [key]: request }),
    /** The request if one is waiting and fresh, removed in the same step; null otherwise. */
    take(now = Date.now()): Promise<T | null> {
      const taken = queue.then(async () => {
        const stored = (await area().get(key))[key] as T | undefined;
        if (!stored) return null;
        await area().remove(key);
        return now - stored.at < ttlMs ? stored : null;
      });
      queue = taken.catch(() => undefined);
      return taken;
    },
  };
}
