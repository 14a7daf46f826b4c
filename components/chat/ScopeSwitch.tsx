import { useEffect, useState } from 'preact/hooks';
import { sendToBackground } from '@/lib/messaging/client';
import type { AnswerTab } from '@/lib/messaging/protocol';
import type { ChatScope } from '@/lib/answer/resolve-scope';

const KINDS = [
  { id: 'page', label: 'This page' },
  { id: 'selection', label: 'Selected text' },
  { id: 'library', label: 'My library' },
  { id: 'tabs', label: 'These tabs' },
] as const;

const PERIODS = [
  { days: 0, label: 'Any time' },
  { days: 1, label: 'Past day' },
  { days: 7, label: 'Past week' },
  { days: 30, label: 'Past month' },
  { days: 365, label: 'Past year' },
];

/** The current window's web tabs, as checkboxes (all ticked unless the person unticked them). */
function TabChooser(props: { scope: ChatScope; onChange: (scope: ChatScope) => void }) {
  const { scope, onChange } = props;
  const [tabs, setTabs] = useState<AnswerTab[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    sendToBackground('answers.windowTabs', {}).then(setTabs, (failure: unknown) => setError(String((failure as Error)?.message ?? failure)));
  }, []);
  if (error) return <p class="muted">The tabs of this window are unavailable: {error}</p>;
  if (!tabs) return <p class="muted">Listing the tabs of this window…</p>;
  if (tabs.length === 0) return <p class="muted">This window has no web page tabs.</p>;
  const unchecked = new Set(scope.unchecked ?? []);
  const toggle = (tabId: number, checked: boolean) => {
    const next = new Set(unchecked);
    if (checked) next.delete(tabId);
    else next.add(tabId);
    onChange({ ...scope, unchecked: [...next] });
  };
  return (
    <fieldset class="tab-chooser" aria-label="Tabs to answer from">
      {tabs.map((tab) => (
        <label key={tab.tabId} title={tab.url}>
          <input type="checkbox" checked={!unchecked.has(tab.tabId)} onChange={(event) => toggle(tab.tabId, event.currentTarget.checked)} /> {tab.title || tab.url}
        </label>
      ))}
    </fieldset>
  );
}

/** The scope switch: this page, the selection, the whole library with site and date filters, or some open tabs. */
export function ScopeSwitch(props: { scope: ChatScope; onChange: (scope: ChatScope) => void; disabled?: boolean }) {
  const { scope, onChange } = props;
  return (
    <fieldset class="scope-switch" disabled={props.disabled}>
      <legend>Answer from</legend>
      <div class="segmented" role="radiogroup" aria-label="Answer from">
        {KINDS.map((kind) => (
          <label key={kind.id} class={scope.kind === kind.id ? 'selected' : ''}>
            <input type="radio" name="scope" value={kind.id} checked={scope.kind === kind.id} onChange={() => onChange({ ...scope, kind: kind.id })} />
            {kind.label}
          </label>
        ))}
      </div>
      {scope.kind === 'tabs' && <TabChooser scope={scope} onChange={onChange} />}
      {scope.kind === 'library' && (
        <div class="filters">
          <label>
            Site <input type="text" placeholder="any site, e.g. wikipedia.org" value={scope.site} onInput={(event) => onChange({ ...scope, site: event.currentTarget.value })} />
          </label>
          <label>
            Read{' '}
            <select value={String(scope.days)} onChange={(event) => onChange({ ...scope, days: Number(event.currentTarget.value) })}>
              {PERIODS.map((period) => (
                <option key={period.days} value={String(period.days)}>
                  {period.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
    </fieldset>
  );
}
