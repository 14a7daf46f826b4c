import type { GpuCapabilities, Recommendation } from '@/lib/engine/capabilities';
import { formatBytes } from '../format';

/** The hardware check: what the browser offers and what we recommend, before any download. */
export function HardwareCheck(props: { caps: GpuCapabilities | null; recommendation: Recommendation | null; onUseServer: () => void; onUseCpu: () => void }) {
  const { caps, recommendation } = props;
  if (!caps || !recommendation)
    return (
      <p class="muted" aria-busy="true">
        Checking your graphics hardware…
      </p>
    );
  const adapter = caps.adapter;
  return (
    <section class="card hardware" aria-labelledby="hw-title" data-webgpu={caps.webgpu} data-shader-f16={String(caps.shaderF16)}>
      <h3 id="hw-title">Hardware check</h3>
      <dl class="facts">
        <dt>WebGPU</dt>
        <dd>
          {caps.webgpu === 'missing' && 'Not available in this browser'}
          {caps.webgpu === 'no-adapter' && 'No WebGPU (no graphics adapter offered)'}
          {caps.webgpu === 'fallback' && 'Software fallback adapter only (CPU)'}
          {caps.webgpu === 'ok' && 'Available'}
        </dd>
        {adapter && (
          <>
            <dt>Adapter</dt>
            <dd>{[adapter.vendor, adapter.architecture, adapter.description || adapter.device].filter(Boolean).join(' · ') || 'unnamed'}</dd>
            <dt>shader-f16</dt>
            <dd>{caps.shaderF16 ? 'Yes (q4f16 builds)' : 'No (q4f32 builds)'}</dd>
            {caps.maxBufferSize !== undefined && (
              <>
                <dt>Largest buffer</dt>
                <dd>{formatBytes(caps.maxBufferSize)}</dd>
              </>
            )}
          </>
        )}
        {caps.wasmThreads !== undefined && (
          <>
            <dt>Threads</dt>
            <dd>{caps.wasmThreads ? 'Several (shared memory available)' : 'One: this browser gives the extension no shared memory, so WebAssembly runs on a single thread'}</dd>
          </>
        )}
        {caps.storageFree !== undefined && (
          <>
            <dt>Free storage</dt>
            <dd>
              {formatBytes(caps.storageFree)}
              {caps.storagePersisted ? ' (persistent)' : ''}
            </dd>
          </>
        )}
      </dl>
      {recommendation.usable ? (
        <p class="recommendation">
          Recommended: <strong>{recommendation.model?.label}</strong> — {recommendation.reason}
        </p>
      ) : (
        <div class="not-usable" role="status">
          <p>
            <strong>{recommendation.reason}</strong> A model on the GPU cannot run well here; the CPU engine can.
          </p>
          <p class="muted">{recommendation.nextStep}</p>
          <div class="row">
            <button type="button" class="primary" onClick={props.onUseCpu}>
              Use the CPU engine
            </button>
            <button type="button" onClick={props.onUseServer}>
              Use my own server instead
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
