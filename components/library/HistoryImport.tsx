import { ErrorNotice } from '../ErrorNotice';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { IMPORT_PERIODS, SKIP_WORDS, type ImportProgress, type ImportSkip } from '@/lib/library/history-import';
import { historyImportItem } from '@/lib/messaging/stored';
import { useLatest } from '../use-latest';

/** Set once the import was offered on an empty library (first run), so it is offered only once. */
const OFFERED_KEY = 'historyImportOffered';

function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 90 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function skippedLines(skipped: ImportProgress['skipped']): string[] {
  return (Object.entries(skipped) as [ImportSkip, number][]).filter(([, n]) => n > 0).map(([reason, n]) => `${n} ${SKIP_WORDS[reason] ?? reason}`);
}

/** The import's progress (n of m, time left), its controls, and the summary at the end. */
function Progress(props: { progress: ImportProgress; onChange: (p: ImportProgress | null) => void }) {
  const { progress } = props;
  const control = (action: 'pause' | 'resume' | 'cancel') => sendToBackground('history.control', { action }).then(props.onChange, () => undefined);
  const active = progress.status === 'running' || progress.status === 'paused';
  const skipped = skippedLines(progress.skipped);
  return (
    <div class="history-progress" data-testid="history-progress">
      {active && (
        <>
          <progress max={Math.max(1, progress.total)} value={progress.done} aria-label="History import progress" />
          <p role="status">
            {progress.done} of {progress.total} pages
            {progress.status === 'paused' ? ' · paused' : progress.etaMs !== null ? ` · about ${duration(progress.etaMs)} left` : ''}
          </p>
          {progress.stoppedBecause && <p class="error">{progress.stoppedBecause}</p>}
          <div class="actions">
            {progress.status === 'running' ? (
              <button type="button" onClick={() => void control('pause')}>
                Pause import
              </button>
            ) : (
              <button type="button" onClick={() => void control('resume')}>
                Resume import
              </button>
            )}
            <button type="button" onClick={() => void control('cancel')}>
              Cancel import
            </button>
          </div>
        </>
      )}
      {!active && (
        <p role="status" data-testid="history-summary">
          {progress.status === 'cancelled' ? 'Import cancelled' : 'Import finished'}: {progress.added} added, {progress.updated} updated, {progress.unchanged} already in your
          library
          {skipped.length > 0 ? `; skipped: ${skipped.join(', ')}` : ''}.
        </p>
      )}
    </div>
  );
}

/**
 * "Add pages from your browsing history": asks for the optional `history`
 * permission only when clicked, shows how many pages the chosen period holds
 * after the capture policy, then follows the background import.
 */
export function HistoryImport(props: { onImported?: () => void; libraryEmpty?: boolean }) {
  const [open, setOpen] = useState(false);
  const [days, setDays] = useState<number>(IMPORT_PERIODS[0].days);
  const [plan, setPlan] = useState<{ pages: number; skipped: ImportProgress['skipped'] } | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  // First run: an empty library and the offer never made → said once, in words, above the button.
  const [offer, setOffer] = useState(false);
  const { libraryEmpty } = props;
  useEffect(() => {
    if (!libraryEmpty) return;
    browser.storage.local.get(OFFERED_KEY).then(
      (stored) => {
        if (stored[OFFERED_KEY]) return;
        setOffer(true);
        void browser.storage.local.set({ [OFFERED_KEY]: Date.now() });
      },
      () => undefined,
    );
  }, [libraryEmpty]);

  useEffect(() => {
    const read = () => sendToBackground('history.status', {}).then(setProgress, () => undefined);
    void read();
    // The background saves the import's state after every page.
    return historyImportItem.watch(() => void read());
  }, []);

  const finished = progress && (progress.status === 'done' || progress.status === 'cancelled');
  // Once per finished import, with the parent's latest callback.
  const onImported = useLatest(props.onImported);
  useEffect(() => {
    if (finished) onImported.current?.();
  }, [finished, onImported]);

  useEffect(() => {
    if (!open) return;
    setPlan(null);
    sendToBackground('history.plan', { days }).then(setPlan, (failure: unknown) => setError(failure));
  }, [open, days]);

  const begin = async () => {
    setError(null);
    // Asked here, inside the click, and nowhere else: Gleaner never reads the history otherwise.
    const granted = await browser.permissions.request({ permissions: ['history'] }).catch(() => false);
    if (!granted) {
      setError('Without permission to read your history, Gleaner cannot add those pages. Nothing was read.');
      return;
    }
    setOpen(true);
  };

  const start = () => {
    setError(null);
    sendToBackground('history.start', { days }).then(
      (started) => (setProgress(started), setOpen(false)),
      (failure: unknown) => setError(failure),
    );
  };

  const active = progress && (progress.status === 'running' || progress.status === 'paused');
  return (
    <section class="card history-import" aria-label="Browsing history">
      {offer && !active && !open && !progress && (
        <p data-testid="history-offer">
          Your library is empty. Gleaner can start it with the pages you read before it was installed: they are fetched again from their sites and kept only on this computer.
        </p>
      )}
      {!active && !open && (
        <button type="button" onClick={() => void begin()}>
          Add pages from your browsing history
        </button>
      )}
      {open && !active && (
        <div class="history-plan">
          <label>
            Period{' '}
            <select value={String(days)} onChange={(event) => setDays(Number(event.currentTarget.value))}>
              {IMPORT_PERIODS.map((period) => (
                <option key={period.days} value={String(period.days)}>
                  {period.label}
                </option>
              ))}
            </select>
          </label>
          <p data-testid="history-plan" role="status">
            {plan === null
              ? 'Counting the pages of your history…'
              : `${plan.pages} pages to add${skippedLines(plan.skipped).length ? ` (not added: ${skippedLines(plan.skipped).join(', ')})` : ''}.`}
          </p>
          <div class="actions">
            <button type="button" class="primary" disabled={!plan || plan.pages === 0} onClick={start}>
              Add {plan?.pages ?? ''} pages
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Not now
            </button>
          </div>
        </div>
      )}
      {(open || active) && (
        <p class="muted">
          Each page is downloaded again from its site, a few at a time, <strong>without your cookies</strong>: pages behind a login come in as a logged-out visitor sees them.
          Nothing else leaves your machine.
        </p>
      )}
      {progress && <Progress progress={progress} onChange={setProgress} />}
      {error !== null && <ErrorNotice error={error} onDismiss={() => setError(null)} here="library" />}
    </section>
  );
}
