import type { CatalogModel } from '@/lib/engine/catalog';
import { estimateDownloadMB } from '@/lib/engine/capabilities';
import type { CachedModel } from '@/lib/messaging/protocol';
import { formatBytes } from '../format';
import { ModelActions } from './ModelActions';

/** A catalog card: size, memory, context, what it is good at, which build, and its actions. */
export function ModelCard(props: {
  model: CatalogModel;
  buildId: string;
  build: 'q4f16' | 'q4f32';
  recommended: boolean;
  active: boolean;
  /** True when the active model is loaded in the engine right now. */
  loaded: boolean;
  cached?: CachedModel;
  busy: boolean;
  usable: boolean;
  onDownload: (modelId: string) => void;
  onDelete: (modelId: string) => void;
  onRepair: (modelId: string) => void;
}) {
  const { model, cached } = props;
  const vram = props.build === 'q4f16' ? model.vramMB.f16 : model.vramMB.f32;
  const titleId = `model-${props.buildId}`;
  return (
    <li class={`card model-card${props.active ? ' active' : ''}`} aria-labelledby={titleId} data-model-id={props.buildId}>
      <div class="row spread">
        <h4 id={titleId}>
          {model.label}
          {props.recommended && <span class="badge">Recommended</span>}
          {props.active && <span class="badge">{props.loaded ? 'Loaded' : 'Selected'}</span>}
        </h4>
        <code class="build">{props.build}</code>
      </div>
      <p>{model.goodAt}</p>
      <p class="muted">
        Download about {formatBytes(estimateDownloadMB(model, props.build) * 1024 * 1024)} · GPU memory {formatBytes(vram * 1024 * 1024)} · context{' '}
        {model.contextWindow.toLocaleString()} tokens
      </p>
      <ModelActions
        modelId={props.buildId}
        label={model.label}
        cached={cached}
        busy={props.busy}
        usable={props.usable}
        onDownload={props.onDownload}
        onDelete={props.onDelete}
        onRepair={props.onRepair}
      />
    </li>
  );
}
