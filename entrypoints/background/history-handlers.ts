import { browser } from 'wxt/browser';
import type { Handlers, HistoryMessages } from '@/lib/messaging/protocol';
import { StorageFullError, ValidationError } from '@/lib/messaging/errors';
import { expectNumber } from '@/lib/messaging/validate';
import { loadCaptureSettings } from '@/lib/settings';
import { importProgress, newImportState, planHistoryImport, runHistoryImport, type ImportState } from '@/lib/library/history-import';
import { historyImportItem } from '@/lib/messaging/stored';
import { callHost } from './host-link';
import { ingestCapturedPage } from './state';

/**
 * The history import in the background: reads the browser history (optional
 * `history` permission, asked for by the Library view only when the person
 * starts an import), plans with the capture policy, and runs the job. The job's
 * state is in storage.local after every page; a restarted worker picks it up at
 * start and an alarm checks on it every minute, so it survives worker and
 * browser restarts. Pages are fetched and extracted by the engine host (it has
 * a DOM); nothing but those page requests leaves the machine.
 */

const ALARM = 'gleaner-history-import';
/** Most history entries read for one period. */
const MAX_ENTRIES = 20_000;

const captureSettings = () => loadCaptureSettings(browser.storage.local).catch(() => null);

const loadState = (): Promise<ImportState | null> => historyImportItem.getValue();
const saveState = (state: ImportState) => historyImportItem.setValue(state);

function historyApi() {
  const api = (browser as unknown as { history?: typeof browser.history }).history;
  if (!api) throw new ValidationError('Gleaner needs your permission to read your browsing history.', { hint: 'Click "Add pages from your browsing history" again and allow it.' });
  return api;
}

async function plan(days: number) {
  const period = expectNumber(days, 'days', 1, 366);
  const entries = await historyApi().search({ text: '', startTime: Date.now() - period * 86_400_000, maxResults: MAX_ENTRIES });
  return planHistoryImport(entries, await captureSettings());
}

let running: Promise<unknown> | null = null;

/** Runs the saved import unless it already runs in this worker. */
function kick(): void {
  // A watchdog while an import is under way: a worker stopped mid-import is woken and resumes.
  void browser.alarms?.create(ALARM, { periodInMinutes: 1 });
  running ??= runHistoryImport({
    load: loadState,
    save: saveState,
    fetchPage: async (url) => {
      // The host may have been closed for idleness between two pages: one retry re-creates it.
      try {
        return await callHost('host.fetchPage', { url });
      } catch {
        return callHost('host.fetchPage', { url });
      }
    },
    ingest: (page, visit) => ingestCapturedPage(page, visit),
    settings: captureSettings,
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    storageFull: (error) => (error instanceof StorageFullError ? error.message : null),
  })
    .catch((error: unknown) => console.warn('Gleaner: history import stopped', error))
    .finally(() => {
      running = null;
    });
}

/** Requests of the history import. */
export const historyHandlers: Handlers<HistoryMessages> = {
  'history.plan': async ({ days }) => {
    const { items, skipped } = await plan(days);
    return { pages: items.length, skipped };
  },
  'history.start': async ({ days, pacing }) => {
    const current = await loadState();
    if (current && (current.status === 'running' || current.status === 'paused')) throw new ValidationError('An import is already under way: pause or cancel it first.');
    const state = newImportState(await plan(days), days, Date.now());
    if (pacing) {
      // Lower bounds keep the import polite even when a test or benchmark asks for speed.
      state.pacing = {
        concurrency: Math.min(8, Math.max(1, Math.floor(Number(pacing.concurrency ?? 4)))),
        hostDelayMs: Math.max(0, Math.min(60_000, Number(pacing.hostDelayMs ?? 1000))),
      };
    }
    await saveState(state);
    kick();
    return importProgress(state);
  },
  'history.control': async ({ action }) => {
    const state = await loadState();
    if (!state) return null;
    if (action === 'pause' && state.status === 'running') state.status = 'paused';
    else if (action === 'resume' && state.status === 'paused') {
      state.status = 'running';
      delete state.stoppedBecause;
    } else if (action === 'cancel' && (state.status === 'running' || state.status === 'paused')) {
      state.status = 'cancelled';
      state.finishedAt = Date.now();
    } else if (!['pause', 'resume', 'cancel'].includes(action)) throw new ValidationError('Unknown action.');
    await saveState(state);
    if (state.status === 'running') kick();
    return importProgress(state);
  },
  'history.status': async () => {
    const state = await loadState();
    return state && importProgress(state);
  },
};

/** Resumes an import that was running when the worker (or the browser) stopped. */
export function startHistoryFeature(): void {
  browser.alarms?.onAlarm.addListener((alarm) => {
    if (alarm.name !== ALARM) return;
    void loadState().then((state) => (state?.status === 'running' ? kick() : void browser.alarms.clear(ALARM)));
  });
  void loadState().then(
    (state) => state?.status === 'running' && kick(),
    () => undefined,
  );
}
