import type { CachedModel } from '@/lib/messaging/protocol';
import { formatBytes } from '../format';

/** What is stored of a model (downloaded, half downloaded) and its actions: download or use, resume, repair, delete. Shared by the GPU and CPU catalogs. */
export function ModelActions(props: {
  modelId: string;
  label: string;
  cached?: CachedModel;
  busy: boolean;
  /** False when this machine cannot run the model well: the button says "Download anyway" and is not the primary one. */
  usable?: boolean;
  onDownload: (modelId: string) => void;
  onDelete: (modelId: string) => void;
  onRepair: (modelId: string) => void;
}) {
  const { cached, modelId } = props;
  const usable = props.usable ?? true;
  const action = cached ? 'Use' : usable ? 'Download' : 'Download anyway';
  return (
    <>
      {cached && (
        <p class={cached.complete ? 'muted' : 'error'}>
          {cached.complete ? `Downloaded (${formatBytes(cached.bytes)})` : `Half downloaded (${formatBytes(cached.bytes)}): resume, or repair if it keeps failing`}
        </p>
      )}
      <div class="row">
        {cached && !cached.complete ? (
          <>
            <button type="button" class="primary" disabled={props.busy} onClick={() => props.onDownload(modelId)}>
              Resume download
            </button>
            <button type="button" disabled={props.busy} onClick={() => props.onRepair(modelId)}>
              Repair (start over)
            </button>
          </>
        ) : (
          <button type="button" class={usable ? 'primary' : ''} disabled={props.busy} onClick={() => props.onDownload(modelId)} aria-label={`${action} ${props.label}`}>
            {action}
          </button>
        )}
        {cached && (
          <button type="button" disabled={props.busy} onClick={() => props.onDelete(modelId)} aria-label={`Delete ${props.label}`}>
            Delete
          </button>
        )}
      </div>
    </>
  );
}
