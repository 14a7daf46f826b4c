import type { WindowFit } from '@/lib/tokens/context-fit';

function basisNote(fit: WindowFit, labelOf: (spec: string) => string): string {
  if (fit.basisKind === 'own') return '';
  if (fit.basisKind === 'estimate') return ' · ≈ estimate, exact count loading…';
  if (fit.basisKind === 'approx') return ` · ≈ counted with ${labelOf(fit.basis)}`;
  return ` · counted with ${labelOf(fit.basis)}`;
}

/** One bar per distinct window (the model in use first): how much of it the text fills, and what is left for an answer. */
export function ContextFits(props: { fits: readonly WindowFit[]; labelOf: (spec: string) => string }) {
  return (
    <ul class="tok-fits" aria-label="Context windows">
      {props.fits.map((fit) => {
        const window = fit.contextWindow;
        const percent = Math.round(fit.fraction * 100);
        const label = !window
          ? `${fit.label}: window not known yet`
          : fit.fits
            ? `fits in ${fit.label}'s ${window.toLocaleString()}: ${percent}%`
            : `too long for ${fit.label}'s ${window.toLocaleString()}: ${percent}%`;
        return (
          <li key={fit.id} data-window={fit.id} class={`tok-fit${window && !fit.fits ? ' tok-fit-over' : ''}${fit.inUse ? ' tok-fit-in-use' : ''}`}>
            <div class="tok-fit-label">
              <span>{label}</span>
              <span class="muted">
                {!window ? `${fit.tokens.toLocaleString()} tokens` : fit.fits ? `${fit.leftForAnswer.toLocaleString()} tokens left for an answer` : 'no room for an answer'}
                {basisNote(fit, props.labelOf)}
                {fit.note ? ` · ${fit.note}` : ''}
              </span>
            </div>
            {window ? (
              <div class="tok-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, percent)} aria-label={label}>
                <div class="tok-bar-fill" style={{ width: `${Math.min(100, percent)}%` }} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
