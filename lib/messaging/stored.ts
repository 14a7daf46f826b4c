import { storage } from 'wxt/utils/storage';
import type { PdfProgress, PendingSummary, PendingTokenCount } from './protocol';
import type { PendingByWindow } from './pending-request';
import type { EmbeddingJobState } from '../library/embedding-job';
import type { ImportState } from '../library/history-import';
import { SETTINGS_KEY } from '../settings';
import type { TabSummary } from '../answer/tab-summary';

/**
 * Every item that one context writes to `storage.session` / `storage.local` and another
 * reads or watches, defined once with its key and type (WXT's `storage.defineItem`: typed
 * `getValue`/`setValue`/`removeValue`, and `.watch()` for a view that follows it). Nothing
 * else names these keys. The settings are read and written by `lib/settings.ts` (versioned,
 * migrated, written under a lock); their item here is only for following them (`.watch()`).
 * What one feature keeps for itself (a tab's capture status, the flood guard, private pages)
 * stays with that feature's code.
 *
 * The session items carry no version: `storage.session` is emptied when the extension is
 * updated or reloaded, so no value of an older shape outlives the code that wrote it. A
 * `storage.local` item that changes shape gets WXT's `version` and `migrations`.
 */

/** "Summarize this page" waiting for Chat, by window (lib/messaging/pending-request.ts: the background takes it). */
export const pendingSummaryItem = storage.defineItem<PendingByWindow<PendingSummary>>('session:answers.pendingSummary');

/** A tab's kept summary (lib/answer/tab-summary.ts): written by the view running it, followed by every view showing the tab, removed with the tab. */
export const tabSummaryItem = (tabId: number) => storage.defineItem<TabSummary>(`session:answers.tabSummary.${tabId}`);

/** "Count tokens" waiting for the Tokens view: which tab and frame to read (the text itself never passes through storage). */
export const pendingTokenCountItem = storage.defineItem<PendingByWindow<PendingTokenCount>>('session:tokens.pending');

/** The latest page reached by a PDF being read (the engine host reports it; Chat shows "page n of m"). */
export const pdfProgressItem = storage.defineItem<PdfProgress>('session:answers.pdfProgress');

/** The state of the background's embedding job (semantic search), for Settings. */
export const embeddingStateItem = storage.defineItem<EmbeddingJobState>('session:embeddingState');

/** The history import's state, saved by the background after every page (it survives worker and browser restarts). */
export const historyImportItem = storage.defineItem<ImportState>('local:historyImport');

/** The stored settings as written, of any version: read through `migrateSettings` (lib/settings.ts), never as they are. */
export const settingsItem = storage.defineItem<unknown>(`local:${SETTINGS_KEY}`);
