/** An error in words, with the next step and an optional Retry. */
export function ErrorNotice(props: { error: { name?: string; message: string; hint?: string; retryable?: boolean }; onRetry?: () => void; onDismiss?: () => void }) {
  const { error } = props;
  return (
    <div class="engine-error" role="alert" data-error-name={error.name}>
      <p class="error">{error.message}</p>
      {error.hint && <p class="muted">{error.hint}</p>}
      <div class="row">
        {props.onRetry && (
          <button type="button" class="primary" onClick={props.onRetry}>
            Retry
          </button>
        )}
        {props.onDismiss && (
          <button type="button" onClick={props.onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </div>
  );
}
