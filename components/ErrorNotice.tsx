import { useState } from 'preact/hooks';
import { ERROR_ACTIONS, describeError } from '@/lib/messaging/errors';
import { showPanelView } from '@/lib/side-panel';
import './error-notice.css';

/**
 * Every error a view shows: what went wrong, the next step in words, and that step as a
 * button (Open Models, Use a server, Open Library), plus Retry when the view can retry.
 * `here` is the view showing it: a button to the view the person is already in is left out.
 */
export function ErrorNotice(props: { error: unknown; onRetry?: () => void; onDismiss?: () => void; here?: string; testId?: string }) {
  const error = describeError(props.error);
  const action = error.action ? ERROR_ACTIONS[error.action] : undefined;
  const [navError, setNavError] = useState<string | null>(null);
  const go = (view: string) => {
    setNavError(null);
    showPanelView(view).catch((failure: unknown) => setNavError(`Could not open it: ${describeError(failure).message}`));
  };
  return (
    <div class="error-notice" role="alert" data-error-name={error.name} data-testid={props.testId}>
      <p class="error">{error.message}</p>
      {error.hint && <p class="muted">{error.hint}</p>}
      <div class="row">
        {action && action.view !== props.here && (
          <button type="button" class="primary" data-action={error.action} onClick={() => go(action.view)}>
            {action.label}
          </button>
        )}
        {props.onRetry && (
          <button type="button" class={action ? '' : 'primary'} onClick={props.onRetry}>
            Retry
          </button>
        )}
        {props.onDismiss && (
          <button type="button" onClick={props.onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {navError && <p class="error">{navError}</p>}
    </div>
  );
}
