/**
 * The disk guard: large writes (captures, imports, index merges) stop while
 * the browser's storage estimate says the disk is close to full, and resume by
 * themselves once space is back.
 *
 * Why stop early: when Chromium's IndexedDB meets a full disk mid-write it
 * aborts the transaction, then fails to reopen its backing store ("Encountered
 * full disk while opening backing store") and may drop and recreate the whole
 * database — the library is lost. Writes that never start cannot do that.
 *
 * What the estimate means (measured with Chromium 156 on a 64 MB tmpfs as the
 * profile, see tests/e2e/disk-full.e2e.ts): `quota` is `usage` plus the bytes
 * still free on the disk (to within a few KB), so `quota - usage` is the free
 * disk space; it tracks a ballast file written next to the profile at once,
 * and IndexedDB writes fail only when it reaches about zero. The reserve is
 * therefore what must stay free for everything that is not our next write:
 * the browser's own files (history, cache, its other profiles' data), and
 * LevelDB's compactions and our index merges, which rewrite data before they
 * delete the old copy (so they need room proportional to the library).
 */
import { StorageFullError } from '@/lib/messaging/errors';

/** Free space that always stays untouched, whatever the library's size. */
export const RESERVE_FLOOR_BYTES = 32 * 1024 * 1024;
/** Part of the database's own size kept free for compactions and merges (which rewrite before deleting). */
const RESERVE_LIBRARY_SHARE = 0.5;
/** Cap of that proportional part: a big model cache in the same origin must not make the reserve huge. */
const RESERVE_SHARE_CAP_BYTES = 512 * 1024 * 1024;
/** How long to wait before trying a refused capture again. */
export const STORAGE_RETRY_MS = 60_000;

/** What `navigator.storage.estimate()` returns (the fields used). */
export interface StorageEstimateLike {
  usage?: number;
  quota?: number;
  /** Chromium: bytes per storage kind (`indexedDB`, `caches`, …). */
  usageDetails?: Record<string, number>;
}

/** The verdict for one write. */
export interface StorageCheck {
  ok: boolean;
  /** Bytes the browser says are still free for this extension (undefined: it cannot tell). */
  freeBytes?: number;
  reserveBytes?: number;
}

/** The bytes that must stay free given the estimate. */
export function reserveFor(estimate: StorageEstimateLike): number {
  const database = estimate.usageDetails?.indexedDB ?? estimate.usage ?? 0;
  return RESERVE_FLOOR_BYTES + Math.min(RESERVE_SHARE_CAP_BYTES, Math.round(database * RESERVE_LIBRARY_SHARE));
}

/**
 * Whether a write of about `needBytes` may start: it must leave the reserve
 * free. Without an estimate (old browsers, Node) the write is allowed: the
 * guard cannot tell, and refusing everything would stop the library forever.
 */
export function checkStorage(estimate: StorageEstimateLike | undefined, needBytes: number): StorageCheck {
  if (!estimate || typeof estimate.quota !== 'number' || typeof estimate.usage !== 'number') return { ok: true };
  const freeBytes = Math.max(0, estimate.quota - estimate.usage);
  const reserveBytes = reserveFor(estimate);
  return { ok: freeBytes - needBytes >= reserveBytes, freeBytes, reserveBytes };
}

/** About how many bytes storing a page of this many characters writes (text, passages, postings, LevelDB log). */
export function pageWriteBytes(textChars: number): number {
  return 3 * textChars + 64 * 1024;
}

/** Plain words for bytes ("12 MB"). */
function megabytes(bytes: number): string {
  return `${Math.max(0, Math.round(bytes / (1024 * 1024)))} MB`;
}

/** The sentence the person sees while the guard holds writes back. */
function storageFullMessage(check: StorageCheck): string {
  const free = check.freeBytes !== undefined ? ` (${megabytes(check.freeBytes)} free)` : '';
  return `Your disk is almost full${free}, so Gleaner stopped saving new pages to keep the pages already in your library safe. Free some disk space; saving resumes by itself.`;
}

/** The state shown in the views: whether writes are held back right now, since when, and why. */
export interface StoragePressure {
  low: boolean;
  freeBytes?: number;
  reserveBytes?: number;
  /** When writes were first held back (ms since epoch). */
  since?: number;
  /** The sentence for the person (only when `low`). */
  message?: string;
}

/** A guard over a live estimate: `ensure` throws `StorageFullError` before a write that would eat into the reserve. */
export interface StorageGuard {
  /** Throws `StorageFullError` (plain words) when a write of `needBytes` must not start. */
  ensure(needBytes: number): Promise<void>;
  /** Whether a write of `needBytes` may start (for optional work such as index merges, which just wait). */
  allows(needBytes: number): Promise<boolean>;
  /** The pressure as of the latest check (re-checked when older than a second). */
  pressure(): Promise<StoragePressure>;
}

/** Creates the guard; `estimate` is `navigator.storage.estimate` (injected: tests give readings). */
export function createStorageGuard(deps: { estimate: () => Promise<StorageEstimateLike | undefined>; now?: () => number }): StorageGuard {
  const now = deps.now ?? Date.now;
  // While writes are held back: since when, and the size of the write refused (the pressure
  // is over when a write that size fits again, so the views do not flicker between states).
  let refused: { since: number; needBytes: number } | null = null;
  let last: { at: number; estimate: StorageEstimateLike | undefined } | null = null;

  async function read(maxAgeMs: number): Promise<StorageEstimateLike | undefined> {
    if (last && now() - last.at < maxAgeMs) return last.estimate;
    const estimate = await deps.estimate().catch(() => undefined);
    last = { at: now(), estimate };
    return estimate;
  }

  async function check(needBytes: number): Promise<StorageCheck> {
    // Each write reads a fresh estimate: a file written next to the profile shows at once.
    const result = checkStorage(await read(0), needBytes);
    if (result.ok) refused = null;
    else refused = { since: refused?.since ?? now(), needBytes: Math.max(needBytes, refused?.needBytes ?? 0) };
    return result;
  }

  return {
    async ensure(needBytes) {
      const result = await check(needBytes);
      if (!result.ok) throw new StorageFullError(storageFullMessage(result), { hint: 'Free some disk space; saving resumes by itself.' });
    },
    async allows(needBytes) {
      return (await check(needBytes)).ok;
    },
    async pressure() {
      const result = checkStorage(await read(1000), refused?.needBytes ?? 0);
      if (result.ok) refused = null;
      else refused ??= { since: now(), needBytes: 0 };
      return result.ok || !refused
        ? { low: false, freeBytes: result.freeBytes, reserveBytes: result.reserveBytes }
        : { low: true, freeBytes: result.freeBytes, reserveBytes: result.reserveBytes, since: refused.since, message: storageFullMessage(result) };
    },
  };
}

/**
 * Plain words for an error of a library write: our own errors keep their
 * message; a raw IndexedDB / Dexie error ("pages.bulkAdd(): 1 of 1 operations
 * failed … AbortError") never reaches the person.
 */
export function plainWriteError(error: unknown): string {
  if (error instanceof Error && error.name === 'StorageFullError') return error.message;
  if (error instanceof Error && /quota|disk|space/i.test(`${error.name} ${error.message}`)) {
    return 'The disk is full, so this page could not be saved. The pages already in your library are kept. Free some disk space; saving resumes by itself.';
  }
  return 'The browser could not write this page to your library just now. The pages already saved are kept; Gleaner will try again shortly.';
}
