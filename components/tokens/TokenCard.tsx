import { ErrorNotice } from '../ErrorNotice';
import type { CountRow } from './use-token-counts';
import { TokenVisualization } from './TokenVisualization';
import { cardFigure } from '@/lib/tokens/first-estimate';

/** One tokenizer's count (the estimate until its tokenizer has counted): tokens, ratios, the token boundaries on demand, and a copy of the ids. */
export function TokenCard(props: {
  spec: string;
  label: string;
  row: CountRow;
  /** The estimate for the whole text (null: none), shown until the exact count arrives. */
  estimate: number | null;
  template: boolean;
  shown: boolean;
  onToggleShown: () => void;
  onCopyIds: () => void;
}) {
  const { row, label } = props;
  const count = row.count;
  const figure = cardFigure(count?.tokens, props.estimate);
  return (
    <article class="tok-card" data-tokenizer={props.spec} data-fresh-load={count ? String(count.freshLoad) : undefined} aria-label={label}>
      <h3>
        <span>{label}</span>
        {count && <span class="muted">{Math.round(count.ms).toLocaleString()} ms</span>}
      </h3>
      {row.error && <ErrorNotice error={{ name: 'Error', message: row.error }} here="tokens" />}
      {!count && !row.error && figure.kind === 'estimate' && (
        <p class="tok-stats">
          <span class="tok-estimate" data-testid="token-estimate">
            {figure.label}
          </span>
        </p>
      )}
      {!count && !row.error && (
        <div>
          <progress class="tok-progress" max={1} value={row.progress ?? 0} aria-label={`Counting with ${label}`} />
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
              tokens{props.template ? ' (with the chat template)' : ''}
            </span>
            <span class="muted">{(count.chars / Math.max(1, count.tokens)).toFixed(2)} characters/token</span>
            <span class="muted">{(count.words / Math.max(1, count.tokens)).toFixed(2)} words/token</span>
          </div>
          <div class="tok-actions">
            <button type="button" aria-expanded={props.shown} onClick={props.onToggleShown}>
              {props.shown ? 'Hide tokens' : 'Show tokens'}
            </button>
            <button type="button" onClick={props.onCopyIds}>
              Copy ids as JSON
            </button>
          </div>
          {props.shown && <TokenVisualization segments={count.segments} totalTokens={count.tokens} />}
        </>
      )}
    </article>
  );
}
