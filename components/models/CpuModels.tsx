import { useState } from 'preact/hooks';
import { CPU_CATALOG, CPU_EMBEDDING_MODELS, cpuModelLabel, type CpuCatalogModel } from '@/lib/engine/cpu-catalog';
import type { CachedModel, EngineConfig, EngineStatus } from '@/lib/messaging/protocol';
import { formatBytes } from '../format';
import { ModelActions } from './ModelActions';

/** A CPU catalog card: download size, memory, context, expected speed, and its actions. */
function CpuModelCard(props: {
  model: CpuCatalogModel;
  recommended: boolean;
  active: boolean;
  loaded: boolean;
  cached?: CachedModel;
  busy: boolean;
  onDownload: (modelId: string) => void;
  onDelete: (modelId: string) => void;
  onRepair: (modelId: string) => void;
}) {
  const { model, cached } = props;
  const titleId = `cpu-model-${model.id}`;
  return (
    <li class={`card model-card${props.active ? ' active' : ''}`} aria-labelledby={titleId} data-model-id={model.id}>
      <div class="row spread">
        <h4 id={titleId}>
          {model.label}
          {props.recommended && <span class="badge">Recommended</span>}
          {props.active && <span class="badge">{props.loaded ? 'Loaded' : 'Selected'}</span>}
        </h4>
        <code class="build">{model.quant}</code>
      </div>
      <p>{model.goodAt}</p>
      <p class="muted">
        Download {formatBytes(model.downloadMB * 1024 * 1024)} · memory {formatBytes(model.memoryMB * 1024 * 1024)} · context {model.contextWindow.toLocaleString()} tokens · about{' '}
        {model.decodeTokensPerSecond} tokens/s on a 4-core laptop
      </p>
      <ModelActions modelId={model.id} label={model.label} cached={cached} busy={props.busy} onDownload={props.onDownload} onDelete={props.onDelete} onRepair={props.onRepair} />
    </li>
  );
}

/** The CPU engine's part of the Models view: how it runs, its catalog, a GGUF link, and the embedding model. */
export function CpuModels(props: {
  config: EngineConfig;
  status: EngineStatus | null;
  cached: CachedModel[];
  recommendedId: string | null;
  busy: boolean;
  onDownload: (modelId: string) => void;
  onDelete: (modelId: string) => void;
  onRepair: (modelId: string) => void;
  onSave: (patch: Partial<EngineConfig>) => Promise<void>;
}) {
  const [link, setLink] = useState('');
  const { config, status } = props;
  const inUse = config.cpuModelId;
  const loaded = (id: string) => status?.backend === 'cpu' && status.modelId === id && status.loaded;
  const isolated = globalThis.crossOriginIsolated;
  return (
    <>
      <h3>CPU engine</h3>
      <p class="muted cpu-mode" data-isolated={String(isolated)}>
        llama.cpp in WebAssembly, on this machine’s processor: no GPU needed.{' '}
        {status?.backend === 'cpu' && status.runtime
          ? `Running as: ${status.runtime}.`
          : isolated
            ? `It will use several threads (this browser has ${navigator.hardwareConcurrency} logical cores).`
            : 'It will run on one thread here (this browser cannot isolate the engine page).'}
      </p>
      <ul class="catalog" aria-label="CPU models you can download">
        {CPU_CATALOG.map((model) => (
          <CpuModelCard
            key={model.id}
            model={model}
            recommended={props.recommendedId === model.id}
            active={inUse === model.id}
            loaded={loaded(model.id)}
            cached={props.cached.find((c) => c.modelId === model.id)}
            busy={props.busy}
            onDownload={props.onDownload}
            onDelete={props.onDelete}
            onRepair={props.onRepair}
          />
        ))}
      </ul>
      <form
        class="card custom-model"
        onSubmit={(e) => {
          e.preventDefault();
          if (/^https?:\/\/\S+$/i.test(link.trim())) props.onDownload(link.trim());
        }}
      >
        <label>
          Link to a GGUF file
          <input
            value={link}
            onInput={(e) => setLink((e.target as HTMLInputElement).value)}
            placeholder={inUse && /^https?:/.test(inUse) ? inUse : 'https://huggingface.co/…/resolve/main/model-Q4_K_M.gguf'}
          />
        </label>
        <button type="submit" disabled={!/^https?:\/\/\S+$/i.test(link.trim()) || props.busy}>
          Download GGUF
        </button>
      </form>
      {inUse && !CPU_CATALOG.some((m) => m.id === inUse) && (
        <p class="muted">
          In use: <strong>{cpuModelLabel(inUse)}</strong>
          {loaded(inUse) ? ' (loaded)' : ''}
        </p>
      )}
      <label class="card">
        Embedding model for semantic search{' '}
        <select value={config.cpuEmbeddingModelId} onChange={(e) => void props.onSave({ cpuEmbeddingModelId: (e.target as HTMLSelectElement).value })}>
          {CPU_EMBEDDING_MODELS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label} — {formatBytes(m.downloadMB * 1024 * 1024)}, {m.goodAt.toLowerCase()}
            </option>
          ))}
          {!CPU_EMBEDDING_MODELS.some((m) => m.id === config.cpuEmbeddingModelId) && (
            <option value={config.cpuEmbeddingModelId}>{cpuModelLabel(config.cpuEmbeddingModelId)}</option>
          )}
        </select>
      </label>
    </>
  );
}
