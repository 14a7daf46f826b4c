/**
 * What the background does with a page a content script captured: apply the
 * capture policy, store the page through the library's ingest, and record the
 * tab's status for the popup. Dependencies are parameters (settings, session
 * storage, ingest, clock) so the flow runs in Node tests with the real ingest
 * on fake-indexeddb.
 */
import type { ExtractedPage } from '../extract/types';
import { ValidationError } from '../messaging/errors';
import type { Settings } from '../settings';
import { decideCapture, type SkipReason } from './policy';
import { maySaveAnyway } from './describe';
import { currentFlood, floodStep, loadFloodState, saveFloodState } from '../library/flood-guard';
import { siteOf } from '../library/page-identity';
import { STORAGE_RETRY_MS, plainWriteError } from '../library/storage-guard';
import { saveTabStatus, skippedStatus, type CaptureState, type SessionArea, type TabCaptureStatus } from './status';

/** What the library's ingest reports (see ./ingest.ts). */
interface IngestOutcome {
  status: 'added' | 'updated' | 'unchanged';
  pageId: number;
}

export interface CaptureFlowDeps {
  /** Null when the settings could not be read: nothing is captured then. */
  settings: Settings['capture'] | null;
  session: SessionArea;
  ingest(page: ExtractedPage): Promise<IngestOutcome>;
  now(): number;
  /** The flood guard's hands on the library (./flood-guard.ts); without them a tab is not limited. */
  flood?: {
    /** Deletes a page the flood added earlier (its new version replaced it). */
    removePage(pageId: number): Promise<void>;
    /** Marks pages as part of a flood: the budget evicts them first. */
    markBurst(pageIds: number[]): Promise<void>;
  };
}

/** Who sent the page. */
export interface CaptureSenderInfo {
  tabId?: number;
  incognito: boolean;
  /** URL of the sending frame, when known. */
  url?: string;
}

/** The reply to the content script. */
export interface CaptureOutcome {
  outcome: 'stored' | 'skipped' | 'failed';
  state: CaptureState;
  detail: string;
  /** For 'failed': how long the content script should wait before sending the page again. */
  retryAfterMs?: number;
}

const STORED: Record<IngestOutcome['status'], { state: CaptureState; detail: string }> = {
  added: { state: 'indexed', detail: 'You can search it in the Library tab of the side panel.' },
  updated: { state: 'updated', detail: 'The page changed since your last visit; its new text replaced the old.' },
  unchanged: { state: 'unchanged', detail: 'Already in your library; this visit was recorded.' },
};

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * One tab may add only so many pages per period (./flood-guard.ts): past that,
 * the new version replaces the tab's previous one. Returns the sentence for the
 * person when the limit applied. The page is stored before the older one goes,
 * so a worker killed in between leaves one page too many, never one too few.
 */
async function limitFlood(result: IngestOutcome, sender: CaptureSenderInfo, deps: CaptureFlowDeps, site: string, at: number): Promise<string | undefined> {
  if (!deps.flood || sender.tabId === undefined) return undefined;
  const state = currentFlood(await loadFloodState(deps.session, sender.tabId), site, at);
  if (result.status !== 'added') {
    await saveFloodState(deps.session, sender.tabId, { ...state, lastAt: at });
    return undefined;
  }
  const step = floodStep(state, result.pageId, at);
  if (step.burst.length > 0) await deps.flood.markBurst(step.burst);
  if (step.replaces !== undefined && step.replaces !== result.pageId) await deps.flood.removePage(step.replaces);
  await saveFloodState(deps.session, sender.tabId, step.next);
  return step.detail;
}

/** What a page saved at the person's request says about the rule it went past. */
function savedOnRequest(reason: SkipReason, site: string): string {
  switch (reason) {
    case 'paused':
      return 'Saved once, as you asked; capture stays paused.';
    case 'excluded':
      return `Saved once, as you asked; ${site} stays excluded.`;
    case 'sensitive':
      return `Saved once, as you asked; other pages of ${site} are still not captured.`;
    default:
      return 'Saved, as you asked.';
  }
}

/**
 * Applies the policy to a captured page, ingests it when allowed, and records the tab's status.
 * `saveAnyway` ("Save this page" in the popup) lets one page past the person's own pause and
 * exclusions and the skips they may override (./describe.ts: maySaveAnyway) — never past a
 * private window or a limit.
 */
export async function handleCapturedPage(page: ExtractedPage, sender: CaptureSenderInfo, deps: CaptureFlowDeps, options: { saveAnyway?: boolean } = {}): Promise<CaptureOutcome> {
  // A page may only speak for its own origin (pushState cannot change the origin).
  if (sender.url !== undefined && originOf(sender.url) !== originOf(page.url)) {
    throw new ValidationError('The captured URL does not belong to the page that sent it.');
  }
  const at = deps.now();
  const record = async (status: TabCaptureStatus) => {
    if (sender.tabId !== undefined) await saveTabStatus(deps.session, sender.tabId, status);
  };
  const decision = decideCapture(page.url, page, sender, deps.settings);
  const overridden = !decision.capture && options.saveAnyway && maySaveAnyway(decision.reason) ? decision.reason : undefined;
  if (!decision.capture && !overridden) {
    const status = skippedStatus(decision.reason, decision.detail, page.url, at);
    await record({ ...status, title: page.title });
    return { outcome: 'skipped', state: status.state, detail: decision.detail };
  }
  try {
    const result = await deps.ingest(page);
    const stored = STORED[result.status];
    const limit = await limitFlood(result, sender, deps, siteOf(page.url), at);
    const detail = limit ?? (overridden ? savedOnRequest(overridden, siteOf(page.url)) : stored.detail);
    await record({ state: stored.state, detail, url: page.url, title: page.title, pageId: result.pageId, at, ...(limit ? { limited: true } : {}) });
    return { outcome: 'stored', state: stored.state, detail };
  } catch (error) {
    // The person reads plain words (never "bulkAdd(): 1 of 1 operations failed … AbortError");
    // the raw error goes to the worker's console. A disk that is nearly full has its own state.
    if ((error as Error)?.name !== 'StorageFullError') console.warn('Gleaner: could not store a captured page', error);
    const full = (error as Error)?.name === 'StorageFullError';
    const state: CaptureState = full ? 'storage-full' : 'failed';
    const detail = plainWriteError(error);
    await record({ state, detail, url: page.url, title: page.title, at });
    return { outcome: 'failed', state, detail, retryAfterMs: full ? STORAGE_RETRY_MS : undefined };
  }
}
