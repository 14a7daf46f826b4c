import type { LoadProgress } from '@/lib/engine/types';
import { formatBytes, formatEta } from '../format';

/** ONE bar across every phase of loading a model (bytes fetched, then GPU shaders), with size and time left. */
export function LoadProgressBar(props: { modelId: string; progress: LoadProgress; onCancel?: () => void }) {
  const { progress } = props;
  const percent = Math.round(progress.fraction * 100);
  const details = [
    progress.bytesLoaded !== undefined && progress.bytesTotal ? `${formatBytes(progress.bytesLoaded)} of ${formatBytes(progress.bytesTotal)}` : undefined,
    progress.etaSeconds !== undefined && progress.phase === 'download' ? formatEta(progress.etaSeconds) : undefined,
  ].filter(Boolean);
  return (
    <div class="load-progress" aria-live="polite">
      <div class="row spread">
        <strong>{props.modelId}</strong>
        <span>{percent}%</span>
      </div>
      <progress max={100} value={percent} aria-label={`Loading ${props.modelId}`} />
      <div class="row spread">
        <span class="muted" data-phase={progress.phase}>
          {progress.text}
          {details.length > 0 && ` — ${details.join(', ')}`}
        </span>
        {props.onCancel && progress.phase !== 'ready' && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </div>
  );
}
