import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import type { CaptureStatusReply, TabCaptureStatus } from '@/lib/capture/status';
import './capture-status.css';

/** The words for a tab's capture status. */
function describeStatus(status: TabCaptureStatus): { headline: string; tone: 'ok' | 'off' | 'neutral' } {
  switch (status.state) {
    case 'indexed':
      return { headline: 'Saved to your library', tone: 'ok' };
    case 'updated':
      return { headline: 'Updated in your library', tone: 'ok' };
    case 'unchanged':
      return { headline: 'In your library', tone: 'ok' };
    case 'captured':
      return { headline: 'Captured', tone: 'ok' };
    case 'paused':
      return { headline: 'Capture is paused', tone: 'off' };
    case 'excluded':
      return { headline: 'Not captured: site excluded', tone: 'off' };
    case 'failed':
      return { headline: 'Could not save this page', tone: 'off' };
    case 'storage-full':
      return { headline: 'Not saved: your disk is almost full', tone: 'off' };
    case 'skipped':
      return {
        headline:
          {
            incognito: 'Not captured: private window',
            settings: 'Not captured: settings could not be read',
            'not-http': 'Not captured: not a web page',
            paused: 'Capture is paused',
            excluded: 'Not captured: site excluded',
            sensitive: 'Not captured: sensitive site',
            password: 'Not captured: page has a password field',
            'not-text': 'Not captured: not a text page',
            'too-large': 'Not captured: page too large',
            'too-short': 'Not captured: too short',
            'not-article': 'Not captured: not an article',
          }[status.reason ?? 'not-article'] ?? 'Not captured',
        tone: 'neutral',
      };
    default:
      return { headline: 'Not saved yet', tone: 'neutral' };
  }
}

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
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async (id: number | undefined) => {
    if (id === undefined) return;
    try {
      setReply(await sendToBackground('capture.status', { tabId: id }));
      setError(null);
    } catch (err) {
      setError(`Could not read the capture status (${(err as Error).message}). Close and reopen the popup.`);
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
      setError(`That did not work: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  if (!reply) {
    return (
      <section class="card capture-card" aria-labelledby="capture-title" data-testid="capture-status">
        <h2 id="capture-title">Reading library</h2>
        <p class="muted">{error ?? 'Checking this page…'}</p>
      </section>
    );
  }
  const { headline, tone } = describeStatus(reply.status);
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
        <p class="error" role="alert" data-testid="storage-full">
          {reply.storageFull}
        </p>
      )}
      <div class="actions">
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
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
