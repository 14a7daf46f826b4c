import { useEngineStatus } from './use-engine';
import { ErrorNotice } from '../ErrorNotice';

/** One line about the model: which one, loaded or loading (with progress), or what went wrong. */
export function ModelStatus() {
  const { status, progress } = useEngineStatus();
  if (!status)
    return (
      <p class="muted model-status" data-testid="model-status">
        Model: not connected yet
      </p>
    );
  const loading = status.loading && progress && progress.phase !== 'ready';
  return (
    <div class="model-status" data-testid="model-status">
      <span class="muted">
        Model: {status.label || 'none chosen'} · {status.loaded ? 'ready' : loading ? `loading ${Math.round(progress.fraction * 100)}%` : 'not loaded (loads on first use)'}
        {status.busy > 0 ? ' · answering' : ''}
      </span>
      {loading && <progress max={1} value={progress.fraction} aria-label={progress.text} />}
      {status.lastError && !status.loaded && <ErrorNotice error={status.lastError} here="chat" />}
    </div>
  );
}
