/**
 * Per-tab capture status for the popup ("indexed", "paused", "skipped:
 * password field", …), kept in `storage.session` so it survives a service
 * worker restart but not a browser restart.
 */
import type { SkipReason } from './policy';

/** What happened to the page shown in a tab. */
export type CaptureState =
  | 'indexed'
  | 'updated'
  | 'unchanged'
  | 'captured'
  | 'excluded'
  | 'paused'
  | 'skipped'
  | 'failed'
  /** Not stored because the disk is almost full (lib/library/storage-guard.ts); retried by itself. */
  | 'storage-full'
  | 'not-yet';

/** The capture status of one tab. */
export interface TabCaptureStatus {
  state: CaptureState;
  /** Set when `state` is 'skipped' (also 'excluded' / 'paused' for symmetry). */
  reason?: SkipReason;
  /** A sentence for the person. */
  detail: string;
  url?: string;
  title?: string;
  /** Library id of the stored page. */
  pageId?: number | string;
  /** When it happened (ms since epoch). */
  at?: number;
  /** A limit applied to this capture (the flood guard kept only the latest version); `detail` says which. */
  limited?: boolean;
}

/** The reply of `capture.status`. */
export interface CaptureStatusReply {
  status: TabCaptureStatus;
  /** The tab's site (host without www.), when it is a web page. */
  site?: string;
  paused: boolean;
  siteExcluded: boolean;
  /** False for pages Gleaner can never capture (extension pages, about:, file:). */
  capturable: boolean;
  /** Set while the disk is almost full and saving is held back: the sentence for the person. */
  storageFull?: string;
}

/** The subset of `storage.session` the store needs. */
export interface SessionArea {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

const STATUS_PREFIX = 'capture.tab.';
const keyOf = (tabId: number) => `${STATUS_PREFIX}${tabId}`;

/** The tab whose status a `storage.session` key holds, or null for any other key (the badge follows these changes). */
export function tabOfStatusKey(key: string): number | null {
  if (!key.startsWith(STATUS_PREFIX)) return null;
  const tabId = Number(key.slice(STATUS_PREFIX.length));
  return Number.isInteger(tabId) ? tabId : null;
}

/** The status before anything happened. */
export const NOT_YET: TabCaptureStatus = { state: 'not-yet', detail: 'Not captured yet.' };

/** Records the status of a tab. */
export async function saveTabStatus(area: SessionArea, tabId: number, status: TabCaptureStatus): Promise<void> {
  await area.set({ [keyOf(tabId)]: status });
}

/** Reads the status of a tab (NOT_YET when nothing was recorded). */
export async function loadTabStatus(area: SessionArea, tabId: number): Promise<TabCaptureStatus> {
  const stored = (await area.get(keyOf(tabId)))[keyOf(tabId)];
  return stored && typeof stored === 'object' ? (stored as TabCaptureStatus) : NOT_YET;
}

/** Forgets a closed tab. */
export async function clearTabStatus(area: SessionArea, tabId: number): Promise<void> {
  await area.remove(keyOf(tabId));
  await area.remove(`capture.flood.${tabId}`); // the flood guard's state of the tab (./flood-guard.ts)
}

/** The status a policy skip leaves on the tab. */
export function skippedStatus(reason: SkipReason, detail: string, url: string, at: number): TabCaptureStatus {
  const state: CaptureState = reason === 'paused' ? 'paused' : reason === 'excluded' ? 'excluded' : 'skipped';
  return { state, reason, detail, url, at };
}
