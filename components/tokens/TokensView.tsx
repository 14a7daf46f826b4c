import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/lib/messaging/client';
import type { PendingTokenCount } from '@/lib/messaging/protocol';
import { loadSettings, type Settings } from '@/lib/settings';
import { CATALOG, findCatalogModel } from '@/lib/engine/catalog';
import { contextFits } from '@/lib/tokens/budget';
import { tokenizerLabel, tokenizerNameForFamily } from '@/lib/tokens/registry';
import { readTabText, type ScriptingApi } from '@/lib/tokens/tab-text';
import { looksLikePdfUrl, pdfDocumentText } from '@/lib/extract/pdf-text';
import { createCounterClient, type CounterClient } from '@/lib/tokens/worker-client';
import type { TokenizerCount } from '@/lib/tokens/count-service';
import { ContextFits } from './ContextFits';
import { TokenVisualization } from './TokenVisualization';
import './tokens.css';
import { useLatest } from '../use-latest';

/** Tokens drawn in the visualization; the count always covers the whole text. */
const MAX_SHOWN_TOKENS = 2000;
/** Longer texts are counted but not put into the text box (editing megabytes there is slow). */
const MAX_EDITABLE_CHARS = 200_000;
const TYPING_DEBOUNCE_MS = 250;
const HANDLED_KEY = 'gleaner.tokens.handledAt';

interface Row {
  count?: TokenizerCount;
  progress?: number;
  error?: string;
}

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
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area === 'session' && changes['tokens.pending']?.newValue) latest.current();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [latest]);
}

/** The Tokens view of the side panel: exact counts, context fit and token boundaries. */
export function TokensView(props: { createCounter?: () => CounterClient } = {}) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [text, setText] = useState('');
  const [source, setSource] = useState<Source>({ kind: 'typed' });
  const [template, setTemplate] = useState(false);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ error: boolean; text: string } | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const counter = useRef<CounterClient | null>(null);
  // One counter (a worker) for the view's life: the factory of the first render.
  const createCounter = useRef(props.createCounter ?? createCounterClient);

  useEffect(() => {
    counter.current = createCounter.current();
    return () => counter.current?.dispose();
  }, []);

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

  // Text from the menu or shortcut: a small note says which tab; the text is read here.
  const takePending = useLatest(async (pending: PendingTokenCount | null) => {
    if (!pending || String(pending.at) === sessionStorage.getItem(HANDLED_KEY)) return;
    sessionStorage.setItem(HANDLED_KEY, String(pending.at));
    await loadFromTab(pending.tabId, pending.source, pending.frameId);
  });
  useEffect(() => {
    void sendToBackground('tokens.pending', {}).then(
      (pending) => takePending.current(pending),
      () => {},
    );
    const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      const change = changes['tokens.pending'];
      if (area === 'session' && change?.newValue) void takePending.current(change.newValue as PendingTokenCount);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
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

  // Count whenever the text, the tokenizers or the template option change.
  useEffect(() => {
    if (!counter.current || !settings) return;
    if (!text) {
      setRows({});
      setBusy(false);
      return;
    }
    let cancel: (() => void) | undefined;
    const start = () => {
      setBusy(true);
      setRows(Object.fromEntries(tokenizers.map((spec) => [spec, { progress: 0 }])));
      cancel = counter.current!.count(text, tokenizers, template, MAX_SHOWN_TOKENS, {
        onProgress: (spec, done, total) => setRows((r) => ({ ...r, [spec]: { ...r[spec], progress: done / total } })),
        onResult: (count) => setRows((r) => ({ ...r, [count.tokenizer]: { count } })),
        onError: (spec, message) => {
          if (spec) setRows((r) => ({ ...r, [spec]: { error: message } }));
          else setNotice({ error: true, text: `The counter stopped: ${message}. Reopen the view to retry.` });
        },
        onDone: () => setBusy(false),
      });
    };
    const timer = setTimeout(start, source.kind === 'typed' ? TYPING_DEBOUNCE_MS : 0);
    return () => {
      clearTimeout(timer);
      cancel?.();
    };
  }, [text, tokenizers, template, settings, source.kind]);

  // Context fit per catalog model, counted with that model's own family when it was
  // counted (exact), otherwise with the first tokenizer that was (marked ≈).
  const fits = useMemo(() => {
    const counted = tokenizers.filter((spec) => rows[spec]?.count);
    if (!counted.length) return [];
    const modelFamily = modelId ? findCatalogModel(modelId)?.tokenizer : undefined;
    return CATALOG.map((model) => {
      const sameFamily = [modelFamily === model.tokenizer ? `model:${modelId}` : null, tokenizerNameForFamily(model.tokenizer)].find((spec): spec is string =>
        Boolean(spec && rows[spec]?.count),
      );
      const spec = sameFamily ?? counted[0]!;
      return { ...contextFits(rows[spec]!.count!.tokens, [model])[0]!, basis: labelOf(spec), exact: Boolean(sameFamily) };
    });
  }, [rows, modelId, tokenizers]);

  async function copyIds(spec: string) {
    try {
      const json = await counter.current!.allIds(text, spec, template);
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
      {notice && (
        <p class={notice.error ? 'error' : 'muted'} role={notice.error ? 'alert' : 'status'}>
          {notice.text}
        </p>
      )}
      {!settings && <p class="muted">Loading…</p>}
      <div class="tok-cards" aria-busy={busy}>
        {text &&
          tokenizers.map((spec) => {
            const row = rows[spec] ?? {};
            const count = row.count;
            return (
              <article class="tok-card" key={spec} data-tokenizer={spec} aria-label={labelOf(spec)}>
                <h3>
                  <span>{labelOf(spec)}</span>
                  {count && <span class="muted">{Math.round(count.ms).toLocaleString()} ms</span>}
                </h3>
                {row.error && (
                  <p class="error" role="alert">
                    {row.error}
                  </p>
                )}
                {!count && !row.error && (
                  <div>
                    <progress class="tok-progress" max={1} value={row.progress ?? 0} aria-label={`Counting with ${labelOf(spec)}`} />
                    <span class="muted">{row.progress ? `Counting… ${Math.round(row.progress * 100)}%` : 'Waiting for the tokenizer…'}</span>
                  </div>
                )}
                {count && (
                  <>
                    <div class="tok-stats">
                      <span>
                        <span class="tok-count" data-testid="token-count">
                          {count.tokens.toLocaleString()}
                        </span>{' '}
                        tokens{template ? ' (with the chat template)' : ''}
                      </span>
                      <span class="muted">{(count.chars / Math.max(1, count.tokens)).toFixed(2)} characters/token</span>
                      <span class="muted">{(count.words / Math.max(1, count.tokens)).toFixed(2)} words/token</span>
                    </div>
                    <div class="tok-actions">
                      <button type="button" aria-expanded={shown === spec} onClick={() => setShown(shown === spec ? null : spec)}>
                        {shown === spec ? 'Hide tokens' : 'Show tokens'}
                      </button>
                      <button type="button" onClick={() => void copyIds(spec)}>
                        Copy ids as JSON
                      </button>
                    </div>
                    {shown === spec && <TokenVisualization segments={count.segments} totalTokens={count.tokens} />}
                  </>
                )}
              </article>
            );
          })}
      </div>
      {fits.length > 0 && (
        <section aria-labelledby="tok-fits-title">
          <h3 id="tok-fits-title">Context windows</h3>
          <ContextFits fits={fits} />
        </section>
      )}
      {!text && settings && <p class="muted">Select text on a page and choose “Count tokens” from the context menu (or press the shortcut), count the whole page, or type here.</p>}
    </section>
  );
}
