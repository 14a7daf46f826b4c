/**
 * The worker's handle on the library database, replaced after a failure.
 *
 * After a failed write (a full disk aborts the transaction, and Chromium may
 * close the backing store under the connection) the old connection can stay
 * broken for the worker's whole life: every later capture failed until the
 * worker restarted. So a failed write drops the connection, and the next use
 * opens a fresh one; a connection the browser closed is dropped as well.
 */

/** What the holder needs of a database (Dexie's methods). */
export interface Closable {
  close(): void;
  hasBeenClosed(): boolean;
}

export interface LibraryConnection<T extends Closable> {
  /** The open database (opened on first use, and again after a reset or an unexpected close). */
  get(): T;
  /** Drops the current connection (after a failed write): the next `get` opens a new one. */
  reset(): void;
}

export function createLibraryConnection<T extends Closable>(open: () => T): LibraryConnection<T> {
  let current: T | null = null;
  return {
    get() {
      if (current?.hasBeenClosed()) current = null;
      current ??= open();
      return current;
    },
    reset() {
      const old = current;
      current = null;
      try {
        old?.close();
      } catch {
        // Already unusable: it is dropped either way.
      }
    },
  };
}
