import type { ContextFit } from '@/lib/tokens/budget';

/** One bar per catalog model: how much of its context window the text fills, and what is left for an answer. */
export function ContextFits(props: { fits: (ContextFit & { basis: string; exact: boolean })[] }) {
  return (
    <ul class="tok-fits" aria-label="Context windows">
      {props.fits.map((fit) => {
        const percent = Math.round(fit.fraction * 100);
        const label = fit.fits
          ? `fits in ${fit.label}'s ${fit.contextWindow.toLocaleString()}: ${percent}%`
          : `too long for ${fit.label}'s ${fit.contextWindow.toLocaleString()}: ${percent}%`;
        return (
          <li key={fit.modelId} class={fit.fits ? 'tok-fit' : 'tok-fit tok-fit-over'}>
            <div class="tok-fit-label">
              <span>{label}</span>
              <span class="muted">
                {fit.fits ? `${fit.leftForAnswer.toLocaleString()} tokens left for an answer` : 'no room for an answer'}
                {fit.exact ? '' : ` · ≈ counted with ${fit.basis}`}
              </span>
            </div>
            <div class="tok-bar" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.min(100, percent)} aria-label={label}>
              <div class="tok-bar-fill" style={{ width: `${Math.min(100, percent)}%` }} />
            </div>
          </li>
        );
      })}
    </ul>
  );
}
