/**
 * The worker's handle on the library database, replaced after a failure.
 *
 * After a failed write (a full disk aborts the transaction, and Chromium may
 * close the backing store under the connection) the old connection can stay
 * broken for the worker's whole life: every later capture failed until the
 * worker restarted. So a failed write drops the connection, and the next use
 * opens a fresh one; a connection the browser closed is dropped as well.
 */

import { GleanerError } from '@/lib/messaging/errors';

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
  /** Runs a write; when the browser's storage fails it (not our own error), the connection is dropped and the error rethrown. */
  write<R>(fn: (db: T) => Promise<R>): Promise<R>;
  /**
   * Runs a read; when the browser's storage fails it, the read is tried once more on a
   * fresh connection, and if that fails too the person gets plain words, not the raw
   * error ("Encountered full disk while opening backing store").
   */
  read<R>(fn: (db: T) => Promise<R>): Promise<R>;
}

/** What a read says when the browser's storage refuses it twice. */
export const LIBRARY_UNREADABLE =
  "The library cannot be read just now: the browser's storage refused (this happens when the disk is full). Free some disk space and try again; if it keeps failing, restart the browser.";

/** Our own errors (validation, the disk guard) say what they mean; anything else came from the browser's storage. */
const fromStorage = (error: unknown) => !(error instanceof GleanerError);

export function createLibraryConnection<T extends Closable>(open: () => T): LibraryConnection<T> {
  let current: T | null = null;
  const connection: LibraryConnection<T> = {
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
    async write(fn) {
      try {
        return await fn(connection.get());
      } catch (error) {
        if (fromStorage(error)) connection.reset();
        throw error;
      }
    },
    async read(fn) {
      try {
        return await fn(connection.get());
      } catch (error) {
        if (!fromStorage(error)) throw error;
        console.warn('Gleaner: a library read failed; trying once more on a fresh connection', error);
        connection.reset();
      }
      try {
        return await fn(connection.get());
      } catch (error) {
        if (!fromStorage(error)) throw error;
        console.warn('Gleaner: a library read failed again', error);
        connection.reset();
        throw new GleanerError(LIBRARY_UNREADABLE, { cause: error });
      }
    },
  };
  return connection;
}
