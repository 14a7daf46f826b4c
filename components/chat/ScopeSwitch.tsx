/** Where questions are answered from. */
export interface ChatScope {
  kind: 'page' | 'selection' | 'library';
  /** Library only: answer from pages of this site. */
  site: string;
  /** Library only: pages read within this many days (0 = any time). */
  days: number;
}

const KINDS = [
  { id: 'page', label: 'This page' },
  { id: 'selection', label: 'Selected text' },
  { id: 'library', label: 'My library' },
] as const;

const PERIODS = [
  { days: 0, label: 'Any time' },
  { days: 1, label: 'Past day' },
  { days: 7, label: 'Past week' },
  { days: 30, label: 'Past month' },
  { days: 365, label: 'Past year' },
];

/** The scope switch: this page, the selection, or the whole library with site and date filters. */
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
      {scope.kind === 'library' && (
        <div class="filters">
          <label>
            Site{' '}
            <input
              type="text"
              placeholder="any site, e.g. wikipedia.org"
              value={scope.site}
              onInput={(event) => onChange({ ...scope, site: event.currentTarget.value })}
            />
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
