import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createEngineClient } from '@/lib/engine/client';
import { CATALOG, findCatalogModel } from '@/lib/engine/catalog';
import { buildFor, probeCapabilities, recommendEngine, recommendModel, type EngineChoice, type GpuCapabilities, type Recommendation } from '@/lib/engine/capabilities';
import { probeBuiltinModel, type BuiltinAvailability } from '@/lib/engine/builtin-adapter';
import { CpuModels } from './CpuModels';
import { cpuModelUrl } from '@/lib/engine/cpu-catalog';
import { downloadAndChoose } from '@/lib/engine/first-run';
import { TEST_ENGINE_LABEL } from '@/lib/engine/test-engine';
import type { LoadProgress } from '@/lib/engine/types';
import type { CachedModel, EngineConfig, EngineStatus } from '@/lib/messaging/protocol';
import { EngineTryOut } from './EngineTryOut';
import { ErrorNotice } from '../ErrorNotice';
import { describeError, type ShownError } from '@/lib/messaging/errors';
import { HardwareCheck } from './HardwareCheck';
import { LoadProgressBar } from './LoadProgressBar';
import { ModelCard } from './ModelCard';
import { ServerBackend } from './ServerBackend';
import { formatBytes } from '../format';
import { useSetting } from '../use-setting';
import './models.css';

const BACKENDS: { id: EngineConfig['backend']; label: string }[] = [
  { id: 'webllm', label: 'Local model (WebGPU, in this browser)' },
  { id: 'cpu', label: 'CPU engine (llama.cpp, works on any machine)' },
  { id: 'builtin', label: 'Chrome’s built-in model (no download)' },
  { id: 'openai', label: 'My own server (OpenAI-compatible)' },
];

/**
 * The GPU catalog: open where the GPU is usable; folded away where it is not, so a machine
 * without one is not led by nine "Download anyway" buttons past the engine that works there.
 */
function GpuCatalog(props: { usable: boolean; ownsOne: boolean; children: ComponentChildren }) {
  if (props.usable) return <>{props.children}</>;
  return (
    // Open when one of them is already downloaded (whole or half) or chosen: the person's own models stay in sight.
    <details class="gpu-anyway" open={props.ownsOne}>
      <summary>GPU models anyway (they need a usable GPU; not recommended here)</summary>
      {props.children}
    </details>
  );
}

/** The Models view of the side panel: hardware check, catalog, downloads, backend choice, and a try-out. */
export function ModelsView() {
  const client = useMemo(() => createEngineClient(), []);
  const { value: config, save: saveConfig } = useSetting('engine');
  const [status, setStatus] = useState<EngineStatus | null>(null);
  const [caps, setCaps] = useState<GpuCapabilities | null>(null);
  const [recommendation, setRecommendation] = useState<Recommendation | null>(null);
  const [choice, setChoice] = useState<EngineChoice | null>(null);
  const [builtin, setBuiltin] = useState<BuiltinAvailability | null>(null);
  const [cached, setCached] = useState<CachedModel[]>([]);
  const [loading, setLoading] = useState<{ modelId: string; progress: LoadProgress } | null>(null);
  const [error, setError] = useState<{ error: ShownError; retry?: () => void } | null>(null);
  const [customId, setCustomId] = useState('');
  const [persisted, setPersisted] = useState<boolean | null>(null);
  const cancel = useRef<AbortController | null>(null);

  const refreshCache = useCallback(
    () =>
      client.cachedModels().then(setCached, () => {
        // the cache list is optional; the host may be restarting
      }),
    [client],
  );

  useEffect(() => {
    const offStatus = client.onStatus(setStatus);
    const offProgress = client.onProgress((event) => setLoading(event.progress.phase === 'ready' ? null : event));
    void probeCapabilities().then((found) => {
      setCaps(found);
      setRecommendation(recommendModel(found));
      const nav = navigator as Navigator & { deviceMemory?: number };
      setChoice(recommendEngine(found, { cores: nav.hardwareConcurrency, memoryGB: nav.deviceMemory }));
      setPersisted(found.storagePersisted ?? null);
    });
    void probeBuiltinModel().then(setBuiltin);
    void client.getEngineInfo().then(setStatus, (e: unknown) => setError({ error: describeError(e) }));
    void refreshCache();
    return () => {
      offStatus();
      offProgress();
      client.close();
    };
  }, [client, refreshCache]);

  // "Use a server" / "Server settings" from an error elsewhere lands here as #models?server: show where that is done.
  const backend = config?.backend;
  useEffect(() => {
    if (!backend) return;
    const show = () => {
      if (!location.hash.includes('?server')) return;
      const target = document.querySelector<HTMLElement>(backend === 'openai' ? '.server-backend input' : 'input[name=backend][value=openai]');
      target?.scrollIntoView({ block: 'center' });
      target?.focus();
    };
    show();
    addEventListener('hashchange', show);
    return () => removeEventListener('hashchange', show);
  }, [backend]);

  const download = async (modelId: string, backend: 'webllm' | 'cpu' = 'webllm') => {
    setError(null);
    cancel.current = new AbortController();
    setLoading({ modelId, progress: { fraction: 0, phase: 'download', text: 'Preparing the download…' } });
    // Ask the browser to keep the model when storage runs low (granted silently for extensions with unlimitedStorage).
    void navigator.storage?.persist?.().then(setPersisted, () => undefined);
    try {
      const signal = cancel.current.signal;
      await downloadAndChoose(
        { backend: config?.backend, save: saveConfig, load: (id) => client.load(id, { signal, onProgress: (progress) => setLoading({ modelId: id, progress }) }) },
        backend,
        modelId,
      );
      setLoading(null);
    } catch (caught) {
      setLoading(null);
      const shown = describeError(caught);
      if (shown.name === 'AbortedError') setError({ error: { ...shown, hint: 'Press Download to resume where it stopped.' } });
      else setError({ error: shown, retry: () => void download(modelId, backend) });
    } finally {
      cancel.current = null;
      void refreshCache();
    }
  };

  const remove = async (modelId: string) => {
    setError(null);
    try {
      await client.deleteModel(modelId);
    } catch (caught) {
      setError({ error: describeError(caught) });
    }
    await refreshCache();
  };

  const repair = async (modelId: string, backend: 'webllm' | 'cpu' = 'webllm') => {
    await remove(modelId);
    await download(modelId, backend);
  };
  const downloadCpu = (modelId: string) => void download(modelId, 'cpu');

  if (!config) return <p class="muted">Loading…</p>;
  const usable = recommendation?.usable ?? false;
  const build = caps?.shaderF16 ? 'q4f16' : 'q4f32';
  const inUse = config.backend === 'webllm' ? config.webllmModelId : null;
  const customCatalog = inUse && !findCatalogModel(inUse) ? inUse : null;

  return (
    <section aria-labelledby="models-title" class="models-view">
      <h2 id="models-title">Models</h2>
      <p class="engine-status muted" role="status" data-backend={status?.backend} data-loaded={String(status?.loaded ?? false)}>
        {status
          ? `Engine: ${status.backend === 'test' ? TEST_ENGINE_LABEL : status.label}${status.loaded ? ' — loaded' : ' — not loaded'}${
              status.contextWindow ? `, ${status.contextWindow.toLocaleString()} tokens of context` : ''
            }`
          : 'Engine: starting…'}
        {status?.loaded && status.runtime ? ` — ${status.runtime}` : ''}
      </p>

      <fieldset class="card backend-choice">
        <legend>Backend</legend>
        {config.backend === 'test' && (
          <label>
            <input type="radio" name="backend" checked readOnly /> {TEST_ENGINE_LABEL}
          </label>
        )}
        {BACKENDS.map((b) => {
          // Chrome's built-in model is offered only where the browser says it can run.
          const unavailable = b.id === 'builtin' && builtin !== 'available' && builtin !== 'downloadable' && config.backend !== 'builtin';
          return (
            <label key={b.id} data-backend={b.id}>
              <input type="radio" name="backend" value={b.id} disabled={unavailable} checked={config.backend === b.id} onChange={() => void saveConfig({ backend: b.id })} />{' '}
              {b.label}
              {b.id === 'builtin' && builtin !== null && builtin !== 'available' && (
                <span class="muted builtin-availability" data-availability={builtin}>
                  {' '}
                  —{' '}
                  {builtin === 'unavailable'
                    ? 'not available in this browser'
                    : builtin === 'downloadable'
                      ? 'the browser will download it first'
                      : 'the browser is downloading it'}
                </span>
              )}
            </label>
          );
        })}
      </fieldset>

      {loading && <LoadProgressBar modelId={loading.modelId} progress={loading.progress} onCancel={cancel.current ? () => cancel.current?.abort() : undefined} />}
      {error && <ErrorNotice error={error.error} onRetry={error.retry} onDismiss={() => setError(null)} here="models" />}

      {choice && config.backend !== choice.backend && config.backend !== 'test' && (
        <p class="card engine-choice" data-backend={choice.backend}>
          {choice.reason}{' '}
          <button type="button" onClick={() => void saveConfig({ backend: choice.backend })}>
            Use {choice.backend === 'cpu' ? 'the CPU engine' : 'WebLLM'}
          </button>
        </p>
      )}
      {config.backend === 'openai' ? (
        <ServerBackend config={config} onSave={saveConfig} />
      ) : config.backend === 'builtin' ? (
        <p class="muted">Chrome’s built-in model answers; nothing to download here. It has no embedding model, so semantic search stays off with it.</p>
      ) : config.backend === 'cpu' ? (
        <CpuModels
          config={config}
          status={status}
          cached={cached}
          recommendedId={choice?.backend === 'cpu' ? choice.modelId : null}
          busy={loading !== null}
          onDownload={downloadCpu}
          onDelete={(id) => void remove(id)}
          onRepair={(id) => void repair(id, 'cpu')}
          onSave={saveConfig}
        />
      ) : (
        <>
          <HardwareCheck
            caps={caps}
            recommendation={recommendation}
            onUseServer={() => void saveConfig({ backend: 'openai' })}
            onUseCpu={() => void saveConfig({ backend: 'cpu' })}
          />
          <GpuCatalog usable={usable} ownsOne={Boolean(inUse) || cached.some((c) => CATALOG.some((m) => m.id === c.modelId || m.f32Id === c.modelId))}>
            <h3>Catalog</h3>
            <p class="muted">
              Builds for your GPU: <strong>{build}</strong>
              {build === 'q4f32' ? ' (it has no shader-f16)' : ''}. {persisted === null ? '' : persisted ? 'Storage is persistent.' : 'Storage is not yet persistent.'}
            </p>
            <ul class="catalog" aria-label="Models you can download">
              {CATALOG.map((model) => {
                const buildId = buildFor(model, { shaderF16: caps?.shaderF16 ?? false });
                return (
                  <ModelCard
                    key={model.id}
                    model={model}
                    buildId={buildId}
                    build={build}
                    recommended={recommendation?.model?.id === model.id}
                    active={inUse === buildId}
                    loaded={inUse === buildId && status?.backend === 'webllm' && status.modelId === buildId && status.loaded}
                    cached={cached.find((c) => c.modelId === buildId)}
                    busy={loading !== null}
                    usable={usable}
                    onDownload={(id) => void download(id)}
                    onDelete={remove}
                    onRepair={(id) => void repair(id)}
                  />
                );
              })}
            </ul>
            <form
              class="card custom-model"
              onSubmit={(e) => {
                e.preventDefault();
                if (customId.trim()) void download(customId.trim());
              }}
            >
              <label>
                Custom WebLLM model id
                <input value={customId} onInput={(e) => setCustomId((e.target as HTMLInputElement).value)} placeholder={customCatalog ?? 'e.g. Qwen3-1.7B-q4f32_1-MLC'} />
              </label>
              <button type="submit" disabled={!customId.trim() || loading !== null}>
                Download
              </button>
            </form>
          </GpuCatalog>
        </>
      )}
      {cached.length > 0 && (config.backend === 'webllm' || config.backend === 'cpu') && (
        <section aria-labelledby="downloaded-title">
          <h3 id="downloaded-title">Downloaded</h3>
          <ul class="downloaded">
            {cached.map((c) => (
              <li key={c.modelId} class="row spread">
                <span>
                  {c.modelId} — {formatBytes(c.bytes)}
                  {c.complete ? '' : ' (incomplete)'}
                </span>
                <span class="row">
                  {!c.complete && (
                    <button
                      type="button"
                      disabled={loading !== null}
                      onClick={() => void download(c.modelId, cpuModelUrl(c.modelId) ? 'cpu' : 'webllm')}
                      aria-label={`Resume ${c.modelId}`}
                    >
                      Resume
                    </button>
                  )}
                  <button type="button" onClick={() => void remove(c.modelId)} aria-label={`Delete ${c.modelId}`}>
                    Delete
                  </button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <EngineTryOut client={client} />
    </section>
  );
}
