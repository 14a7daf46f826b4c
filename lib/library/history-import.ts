/**
 * "Add pages from your browsing history": the pages a person read before
 * Gleaner was installed are fetched again (without cookies), extracted and
 * added to the library with their original visit times.
 *
 * Plain functions with their dependencies as parameters, so the whole job runs
 * under Vitest: `planHistoryImport` applies the capture policy to the history
 * entries (URL only: never sensitive or excluded sites, http/https only; the
 * global pause is not a reason, the person asked for this import), and
 * `runHistoryImport` works through the plan a few pages at a time with a delay
 * between two requests to one host. Its state lives in storage after every
 * page, so a restarted worker (or browser) resumes where it stopped and never
 * adds or counts a page twice.
 */
import type { ExtractedPage } from '../extract/types';
import type { FetchedPage } from '../extract/fetch-page';
import type { Settings } from '../settings';
import { decideCapture, type SkipReason } from '../capture/policy';
import { normalizeHost } from './page-identity';

/** A history entry as `history.search` returns it (only what is used). */
export interface HistoryEntry {
  url?: string;
  title?: string;
  lastVisitTime?: number;
  visitCount?: number;
}

/** A page to bring in. */
interface ImportItem {
  url: string;
  title: string;
  visitedAt: number;
  visitCount: number;
}

/** Why a history page was not added. */
export type ImportSkip = SkipReason | 'duplicate' | 'fetch-failed' | 'not-found' | 'write-failed';

/** The periods offered. */
export const IMPORT_PERIODS = [
  { days: 7, label: 'Last week' },
  { days: 30, label: 'Last month' },
  { days: 90, label: 'Last 3 months' },
] as const;

/** How many pages are fetched at once, and the pause between two requests to one host. */
const IMPORT_CONCURRENCY = 4;
const IMPORT_HOST_DELAY_MS = 1000;

/** The plan of an import: what will be fetched, and what the policy skipped already. */
export interface ImportPlan {
  items: ImportItem[];
  skipped: Partial<Record<ImportSkip, number>>;
}

/** The URL without its fragment: one page per address. */
function pageKey(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/**
 * The pages of `entries` that the capture policy allows (URL checks only), one
 * per address, newest first. `paused` is ignored: the person asked for this import.
 */
export function planHistoryImport(entries: readonly HistoryEntry[], settings: Settings['capture'] | null): ImportPlan {
  const skipped: ImportPlan['skipped'] = {};
  const count = (reason: ImportSkip) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const byKey = new Map<string, ImportItem>();
  const policy = settings && { ...settings, paused: false };
  for (const entry of entries) {
    if (!entry.url) continue;
    const decision = decideCapture(entry.url, undefined, { incognito: false }, policy);
    if (!decision.capture) {
      count(decision.reason);
      continue;
    }
    const key = pageKey(entry.url);
    const visitedAt = entry.lastVisitTime ?? 0;
    const known = byKey.get(key);
    if (known) {
      count('duplicate');
      if (visitedAt > known.visitedAt) known.visitedAt = visitedAt;
      known.visitCount += Math.max(1, entry.visitCount ?? 1);
      continue;
    }
    byKey.set(key, { url: key, title: entry.title ?? '', visitedAt, visitCount: Math.max(1, entry.visitCount ?? 1) });
  }
  const items = [...byKey.values()].sort((a, b) => b.visitedAt - a.visitedAt);
  return { items, skipped };
}

/** One page's outcome. */
type ItemOutcome = 'added' | 'updated' | 'unchanged' | `skipped:${ImportSkip}`;

/** The persisted state of an import (one at a time). */
export interface ImportState {
  version: 1;
  status: 'running' | 'paused' | 'done' | 'cancelled';
  days: number;
  startedAt: number;
  items: ImportItem[];
  /** Outcome per item index; absent: not done yet. */
  outcomes: Record<number, ItemOutcome>;
  /** Skipped while planning (policy, duplicates). */
  planSkipped: ImportPlan['skipped'];
  /** Time spent working (not paused), for the rate and the time left. */
  activeMs: number;
  finishedAt?: number;
  /** A sentence when the import stopped on its own (e.g. the disk is full). */
  stoppedBecause?: string;
  /** Pages fetched at once and the pause between two requests to one host (defaults: IMPORT_CONCURRENCY, IMPORT_HOST_DELAY_MS). */
  pacing?: { concurrency?: number; hostDelayMs?: number };
}

/** A new import from a plan. */
export function newImportState(plan: ImportPlan, days: number, now: number): ImportState {
  return {
    version: 1,
    status: plan.items.length ? 'running' : 'done',
    days,
    startedAt: now,
    items: plan.items,
    outcomes: {},
    planSkipped: plan.skipped,
    activeMs: 0,
    ...(plan.items.length ? {} : { finishedAt: now }),
  };
}

/** What the view shows. */
export interface ImportProgress {
  status: ImportState['status'];
  total: number;
  done: number;
  added: number;
  updated: number;
  unchanged: number;
  /** Skipped pages by reason, planning included. */
  skipped: Partial<Record<ImportSkip, number>>;
  /** Estimated time left in ms (null until a few pages are done). */
  etaMs: number | null;
  stoppedBecause?: string;
}

export function importProgress(state: ImportState): ImportProgress {
  const progress: ImportProgress = {
    status: state.status,
    total: state.items.length,
    done: 0,
    added: 0,
    updated: 0,
    unchanged: 0,
    skipped: { ...state.planSkipped },
    etaMs: null,
    ...(state.stoppedBecause ? { stoppedBecause: state.stoppedBecause } : {}),
  };
  for (const outcome of Object.values(state.outcomes)) {
    progress.done += 1;
    if (outcome === 'added' || outcome === 'updated' || outcome === 'unchanged') progress[outcome] += 1;
    else {
      const reason = outcome.slice('skipped:'.length) as ImportSkip;
      progress.skipped[reason] = (progress.skipped[reason] ?? 0) + 1;
    }
  }
  if (progress.done >= 3 && state.activeMs > 0) progress.etaMs = Math.round((state.activeMs / progress.done) * (progress.total - progress.done));
  return progress;
}

/** Plain words for each reason a page was skipped. */
export const SKIP_WORDS: Record<ImportSkip, string> = {
  duplicate: 'the same address visited again',
  'fetch-failed': 'could not be fetched',
  'not-found': 'no longer exists (HTTP error)',
  'write-failed': 'could not be saved',
  incognito: 'private window',
  settings: 'capture settings unreadable',
  'not-http': 'not a web page (http or https)',
  paused: 'capture paused',
  excluded: 'a site you excluded',
  sensitive: 'a sensitive site',
  password: 'the page has a password field',
  'not-text': 'not a text page',
  'too-large': 'too large to index',
  'too-short': 'too short to index',
  'not-article': 'not an article',
};

type FetchResult = FetchedPage;

export interface RunDeps {
  load(): Promise<ImportState | null>;
  save(state: ImportState): Promise<void>;
  /** Fetches (no cookies) and extracts one page. */
  fetchPage(url: string): Promise<FetchResult>;
  /** Adds the page with its original visit; throws when it cannot be written. */
  ingest(page: ExtractedPage, visit: { visitedAt: number; firstVisitedAt: number; visitCount: number }): Promise<{ status: 'added' | 'updated' | 'unchanged' }>;
  /** The capture settings now (null: unreadable, nothing is added). */
  settings(): Promise<Settings['capture'] | null>;
  now(): number;
  sleep(ms: number): Promise<void>;
  concurrency?: number;
  hostDelayMs?: number;
  /** Called after every page (the view listens to the saved state too). */
  onProgress?(state: ImportState): void;
  /** True when the disk guard says the library cannot grow: the import pauses with that sentence. */
  storageFull?(error: unknown): string | null;
}

function hostOf(url: string): string {
  try {
    return normalizeHost(new URL(url).hostname);
  } catch {
    return '';
  }
}

/**
 * Works through the saved import until it is done, paused or cancelled (read
 * again from storage before each page, so a pause from any view takes effect).
 * Safe to call again after a restart: pages with an outcome are not redone.
 */
export async function runHistoryImport(deps: RunDeps): Promise<ImportState | null> {
  let state = await deps.load();
  if (!state || state.status !== 'running') return state;
  const concurrency = deps.concurrency ?? state.pacing?.concurrency ?? IMPORT_CONCURRENCY;
  const hostDelay = deps.hostDelayMs ?? state.pacing?.hostDelayMs ?? IMPORT_HOST_DELAY_MS;
  const lastStart = new Map<string, number>();
  const inFlight = new Set<number>();
  let last = deps.now();
  // Everything is written through here, one at a time, so outcomes of parallel pages never overwrite each other.
  let writing: Promise<void> = Promise.resolve();
  const commit = (change: (s: ImportState) => void) => {
    writing = writing.then(async () => {
      const stored = await deps.load();
      if (!stored || stored.startedAt !== state!.startedAt) return;
      const now = deps.now();
      if (stored.status === 'running') stored.activeMs += now - last;
      last = now;
      change(stored);
      const finished = stored.items.every((_, index) => stored.outcomes[index] !== undefined);
      if (finished && stored.status === 'running') {
        stored.status = 'done';
        stored.finishedAt = now;
      }
      state = stored;
      await deps.save(stored);
      deps.onProgress?.(stored);
    });
    return writing;
  };

  const work = async (index: number) => {
    const item = state!.items[index]!;
    let outcome: ItemOutcome;
    const fetched = await deps.fetchPage(item.url).catch((error: unknown): FetchResult => ({ ok: false, reason: 'fetch-failed', detail: String(error) }));
    if (!fetched.ok) outcome = `skipped:${fetched.reason}`;
    else {
      const decision = decideCapture(fetched.page.url, fetched.page, { incognito: false }, await deps.settings().then((s) => s && { ...s, paused: false }));
      if (!decision.capture) outcome = `skipped:${decision.reason}`;
      else {
        try {
          const page = { ...fetched.page, title: fetched.page.title || item.title };
          outcome = (await deps.ingest(page, { visitedAt: item.visitedAt, firstVisitedAt: item.visitedAt, visitCount: item.visitCount })).status;
        } catch (error) {
          const full = deps.storageFull?.(error);
          if (full) {
            // Not this page's fault: it is redone after the person resumes.
            await commit((s) => {
              s.status = 'paused';
              s.stoppedBecause = full;
            });
            return;
          }
          outcome = 'skipped:write-failed';
        }
      }
    }
    await commit((s) => {
      s.outcomes[index] = outcome;
    });
  };

  const running = new Set<Promise<void>>();
  for (;;) {
    const current = await deps.load();
    if (!current || current.startedAt !== state.startedAt || current.status !== 'running') break;
    state = current;
    if (running.size >= concurrency) {
      await Promise.race(running);
      continue;
    }
    const now = deps.now();
    const waiting = state.items.map((_, index) => index).filter((index) => state!.outcomes[index] === undefined && !inFlight.has(index));
    if (waiting.length === 0) {
      if (running.size === 0) break;
      await Promise.race(running);
      continue;
    }
    // The first page whose host was not asked too recently (and is not being fetched now).
    const busyHosts = new Set([...inFlight].map((index) => hostOf(state!.items[index]!.url)));
    const ready = waiting.find((index) => {
      const host = hostOf(state!.items[index]!.url);
      return !busyHosts.has(host) && now - (lastStart.get(host) ?? -Infinity) >= hostDelay;
    });
    if (ready === undefined) {
      // Hosts being fetched now free up when their page is done; the others after their delay.
      const idleHosts = waiting.map((index) => hostOf(state!.items[index]!.url)).filter((host) => !busyHosts.has(host));
      if (idleHosts.length === 0) {
        await Promise.race(running);
        continue;
      }
      const soonest = Math.max(1, Math.min(...idleHosts.map((host) => (lastStart.get(host) ?? now) + hostDelay - now)));
      await (running.size > 0 ? Promise.race([...running, deps.sleep(soonest)]) : deps.sleep(soonest));
      continue;
    }
    lastStart.set(hostOf(state.items[ready]!.url), now);
    inFlight.add(ready);
    const task = work(ready).finally(() => {
      inFlight.delete(ready);
      running.delete(task);
    });
    running.add(task);
  }
  await Promise.allSettled(running);
  await writing;
  return deps.load();
}
