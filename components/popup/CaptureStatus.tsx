import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import type { CaptureStatusReply } from '@/lib/capture/status';
import { describeCaptureStatus, saveOffer } from '@/lib/capture/describe';
import { describeError, type ShownError } from '@/lib/messaging/errors';
import { ErrorNotice } from '@/components/ErrorNotice';
import './capture-status.css';

/** The tab the popup is about: `?tab=<id>` when given (deep links, tests), else the active tab. */
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

/** Popup card: whether the current page is indexed, excluded, paused, or not an article, with one-click toggles. */
export function CaptureStatus() {
  const [tabId, setTabId] = useState<number | undefined>();
  const [reply, setReply] = useState<CaptureStatusReply | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async (id: number | undefined) => {
    if (id === undefined) return;
    try {
      setReply(await sendToBackground('capture.status', { tabId: id }));
      setError(null);
    } catch (err) {
      setError(describeError(err, 'Could not read the capture status'));
    }
  }, []);

  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    void targetTabId().then((id) => {
      setTabId(id);
      void refresh(id);
      // The status changes while the popup is open (the dwell ends, the page is saved).
      timer = setInterval(() => void refresh(id), 1500);
    });
    return () => clearInterval(timer);
  }, [refresh]);

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
      await refresh(tabId);
    } catch (err) {
      setError(describeError(err, 'That did not work'));
    } finally {
      setBusy(false);
    }
  };

  if (!reply) {
    return (
      <section class="card capture-card" aria-labelledby="capture-title" data-testid="capture-status">
        <h2 id="capture-title">Reading library</h2>
        {error ? <ErrorNotice error={error} onRetry={() => void refresh(tabId)} /> : <p class="muted">Checking this page…</p>}
      </section>
    );
  }
  const { headline, tone } = describeCaptureStatus(reply.status);
  const offer = saveOffer(reply);
  return (
    <section class="card capture-card" aria-labelledby="capture-title" data-testid="capture-status" data-state={reply.status.state}>
      <h2 id="capture-title">Reading library</h2>
      <div class="state" role="status" aria-live="polite">
        <span class={`dot ${tone}`} aria-hidden="true" />
        <div>
          <strong data-testid="capture-headline">{headline}</strong>
          {reply.status.title && <div class="page-title">{reply.status.title}</div>}
          <div class="muted">{reply.status.detail}</div>
        </div>
      </div>
      {reply.storageFull && reply.status.state !== 'storage-full' && (
        <ErrorNotice error={{ name: 'StorageFullError', message: reply.storageFull, action: 'open-library' }} testId="storage-full" />
      )}
      <div class="actions">
        {offer && tabId !== undefined && (
          <button type="button" class="primary" disabled={busy} data-testid="save-anyway" onClick={() => act(() => sendToBackground('capture.saveTab', { tabId }))}>
            {offer}
          </button>
        )}
        <button type="button" aria-pressed={reply.paused} disabled={busy} onClick={() => act(() => sendToBackground('capture.setPaused', { paused: !reply.paused }))}>
          {reply.paused ? 'Resume capture' : 'Pause capture'}
        </button>
        {reply.site && (
          <button
            type="button"
            aria-pressed={reply.siteExcluded}
            disabled={busy}
            onClick={() => act(() => sendToBackground('capture.excludeSite', { site: reply.site!, excluded: !reply.siteExcluded }))}
          >
            {reply.siteExcluded ? `Capture ${reply.site} again` : `Don't capture ${reply.site}`}
          </button>
        )}
      </div>
      {error && <ErrorNotice error={error} onDismiss={() => setError(null)} />}
    </section>
  );
}
