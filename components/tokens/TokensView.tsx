import { ErrorNotice } from '../ErrorNotice';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import { loadSettings, type Settings } from '@/lib/settings';
import { findCatalogModel } from '@/lib/engine/catalog';
import { tokenizerLabel } from '@/lib/tokens/registry';
import { firstEstimate } from '@/lib/tokens/first-estimate';
import { readTabText, type ScriptingApi } from '@/lib/tokens/tab-text';
import { looksLikePdfUrl, pdfDocumentText } from '@/lib/extract/pdf-text';
import { sharedCounterClient, type CounterClient } from '@/lib/tokens/worker-client';
import { ContextFits } from './ContextFits';
import { TokenCard } from './TokenCard';
import { useTokenCounts } from './use-token-counts';
import { useWindowFits } from './use-window-fits';
import './tokens.css';
import { useLatest } from '../use-latest';
import { pendingTokenCountItem } from '@/lib/messaging/stored';
import { pendingFor } from '@/lib/messaging/pending-request';
import { thisWindowId } from '@/lib/side-panel';

/** Longer texts are counted but not put into the text box (editing megabytes there is slow). */
const MAX_EDITABLE_CHARS = 200_000;
const TYPING_DEBOUNCE_MS = 250;

type Source = { kind: 'typed' } | { kind: 'selection' | 'page'; tabId: number };

/** The WebLLM model in use, whose own tokenizer counts exactly ('' when none or another backend). */
function modelIdOf(settings: Settings | null): string {
  return settings?.engine.backend === 'webllm' ? settings.engine.webllmModelId : '';
}

function labelOf(spec: string): string {
  if (spec.startsWith('model:')) {
    const id = spec.slice('model:'.length);
    return `${findCatalogModel(id)?.label ?? id} (your model's own tokenizer)`;
  }
  return tokenizerLabel(spec);
}

/**
 * Calls `onRequest` when "Count tokens" (menu or shortcut) asks for a count while the
 * panel shows another view, so the panel can switch to Tokens, which then reads it.
 */
export function useTokenCountRequests(onRequest: () => void): void {
  const latest = useLatest(onRequest);
  useEffect(() => {
    // Only this window's requests: another window's "Count tokens" is for its own panel.
    let windowId: number | undefined;
    thisWindowId().then(
      (id) => (windowId = id),
      () => undefined,
    );
    return pendingTokenCountItem.watch((stored) => pendingFor(stored, windowId) && latest.current());
  }, [latest]);
}

/** The Tokens view of the side panel: exact counts, context fit and token boundaries. */
export function TokensView(props: { counter?: CounterClient } = {}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source>({ kind: 'typed' });
  const [template, setTemplate] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  // The panel's one counter worker, kept across visits: its tokenizers stay loaded.
  const [counter] = useState(() => props.counter ?? sharedCounterClient());

  useEffect(() => {
    void loadSettings(browser.storage.local).then((loaded) => {
      setSettings(loaded);
      setTemplate(loaded.tokens.chatTemplate);
    });
  }, []);

  const modelId = modelIdOf(settings);
  const tokenizers = useMemo(() => {
    const specs = settings ? [...settings.tokens.referenceTokenizers] : [];
    if (modelId) specs.unshift(`model:${modelId}`);
    return specs;
  }, [settings, modelId]);

  // Text from the menu or shortcut: a small note says which tab; the text is read here. The
  // background hands each request out once (lib/messaging/pending-request.ts), on mount and
  // whenever one is left while the view is open.
  const takePending = useLatest(async () => {
    const windowId = await thisWindowId().catch(() => undefined);
    const pending = windowId === undefined ? null : await sendToBackground('tokens.takePending', { windowId }).catch(() => null);
    if (pending) await loadFromTab(pending.tabId, pending.source, pending.frameId);
  });
  useEffect(() => {
    void takePending.current();
    return pendingTokenCountItem.watch((stored) => stored && void takePending.current());
  }, [takePending]);

  async function loadFromTab(tabId: number, kind: 'selection' | 'page', frameId = 0) {
    setNotice({ error: false, text: kind === 'page' ? 'Reading the page…' : 'Reading the selection…' });
    try {
      // A PDF tab shows the browser's viewer, whose document has no text: pdf.js reads the file (in the engine host).
      const url = kind === 'page' ? (await browser.tabs.get(tabId).catch(() => undefined))?.url : undefined;
      const read =
        url && looksLikePdfUrl(url)
          ? pdfDocumentText(await sendToBackground('answers.readTab', { tabId }))
          : await readTabText(browser.scripting as unknown as ScriptingApi, tabId, kind, frameId);
      if (!read) {
        setNotice({
          error: true,
          text: kind === 'selection' ? 'Nothing is selected on that page. Select some text and try again.' : 'That page has no text.',
        });
        return;
      }
      setSource({ kind, tabId });
      setText(read);
      setNotice(null);
    } catch (error) {
      setNotice({
        error: true,
        text: `Gleaner cannot read that tab (${(error as Error).message}). Browser pages and the web store cannot be read; paste the text instead.`,
      });
    }
  }

  async function loadActiveTab(kind: 'selection' | 'page') {
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    const tabId = source.kind !== 'typed' ? source.tabId : tab?.id;
    if (tabId === undefined) {
      setNotice({ error: true, text: 'No tab to read. Open a page first.' });
      return;
    }
    await loadFromTab(tabId, kind);
  }

  const { rows, busy } = useTokenCounts(counter, { text, tokenizers, template, ready: Boolean(settings), delayMs: source.kind === 'typed' ? TYPING_DEBOUNCE_MS : 0 }, (message) =>
    setNotice({ error: true, text: `The counter stopped: ${message}. Reopen the panel to retry.` }),
  );

  // Shown at once, before any tokenizer has loaded; each card's exact count replaces it.
  const estimate = useMemo(() => firstEstimate(text), [text]);
  const fits = useWindowFits(settings, tokenizers, rows, estimate);

  async function copyIds(spec: string) {
    try {
      const json = await counter.allIds(text, spec, template);
      await navigator.clipboard.writeText(json);
      setNotice({ error: false, text: `Copied the ids of ${labelOf(spec)} as JSON.` });
    } catch (error) {
      setNotice({ error: true, text: `Could not copy the ids: ${(error as Error).message}` });
    }
  }

  const editable = text.length <= MAX_EDITABLE_CHARS;
  return (
    <section aria-labelledby="tokens-title" class="tokens-view">
      <h2 id="tokens-title">Tokens</h2>
      <div class="tok-source" role="group" aria-label="Where the text comes from">
        <button type="button" onClick={() => void loadActiveTab('selection')}>
          Selection
        </button>
        <button type="button" onClick={() => void loadActiveTab('page')}>
          Whole page
        </button>
        <button
          type="button"
          onClick={() => {
            setSource({ kind: 'typed' });
            setText('');
          }}
        >
          Clear
        </button>
        <label>
          <input type="checkbox" checked={template} onChange={(e) => setTemplate(e.currentTarget.checked)} /> As a chat message (with the chat template)
        </label>
      </div>
      {editable ? (
        <textarea
          class="tok-text"
          aria-label="Text to count"
          placeholder="Type or paste text, or count the selection or the whole page of the current tab."
          value={text}
          onInput={(e) => {
            setSource({ kind: 'typed' });
            setText(e.currentTarget.value);
          }}
        />
      ) : (
        <p class="tok-note" data-testid="tok-large-note">
          {source.kind === 'page' ? 'The whole page' : 'The selection'}: {text.length.toLocaleString()} characters — too long to edit here; all of it is counted.
        </p>
      )}
      {notice?.error && <ErrorNotice error={{ name: 'Error', message: notice.text }} onDismiss={() => setNotice(null)} here="tokens" />}
      {notice && !notice.error && (
        <p class="muted" role="status">
          {notice.text}
        </p>
      )}
      {!settings && <p class="muted">Loading…</p>}
      <div class="tok-cards" aria-busy={busy}>
        {text &&
          tokenizers.map((spec) => (
            <TokenCard
              key={spec}
              spec={spec}
              label={labelOf(spec)}
              row={rows[spec] ?? {}}
              estimate={estimate}
              template={template}
              shown={shown === spec}
              onToggleShown={() => setShown(shown === spec ? null : spec)}
              onCopyIds={() => void copyIds(spec)}
            />
          ))}
      </div>
      {fits.length > 0 && (
        <section aria-labelledby="tok-fits-title">
          <h3 id="tok-fits-title">Context windows</h3>
          <ContextFits fits={fits} labelOf={labelOf} />
        </section>
      )}
      {!text && settings && <p class="muted">Select text on a page and choose “Count tokens” from the context menu (or press the shortcut), count the whole page, or type here.</p>}
    </section>
  );
}
