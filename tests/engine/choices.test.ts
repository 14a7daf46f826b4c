import { describe, expect, it } from 'vitest';
import { engineLabel, engineOptions } from '@/lib/engine/choices';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { CATALOG } from '@/lib/engine/catalog';
import { CPU_CATALOG } from '@/lib/engine/cpu-catalog';

const fresh = DEFAULT_SETTINGS.engine;
const gpuModel = CATALOG[0]!.f32Id;
const cpuModel = CPU_CATALOG[0]!.id;

describe('the model switcher in Chat', () => {
  it('offers the downloaded GPU and CPU models, the configured server and the built-in model, each as a settings patch', () => {
    const config = { ...fresh, backend: 'webllm' as const, webllmModelId: gpuModel, serverUrl: 'http://localhost:11434/v1', serverModel: 'llama3.2' };
    const cached = [
      { modelId: gpuModel, bytes: 1, complete: true },
      { modelId: cpuModel, bytes: 1, complete: true },
      // Left out: a half download (choosing it would start a download from Chat) and an embedding model.
      { modelId: CATALOG[1]!.f32Id, bytes: 1, complete: false },
      { modelId: 'snowflake-arctic-embed-s-q0f32-MLC-b4', bytes: 1, complete: true },
    ];
    const { options, current } = engineOptions({ config, cached, builtin: 'available' });
    expect(options.map((o) => [o.group, o.label, o.patch])).toEqual([
      ['GPU (WebLLM)', CATALOG[0]!.label, { backend: 'webllm', webllmModelId: gpuModel }],
      ['CPU', `${CPU_CATALOG[0]!.label} on the CPU`, { backend: 'cpu', cpuModelId: cpuModel }],
      ['Your server', 'llama3.2 on http://localhost:11434/v1', { backend: 'openai' }],
      ['Built in', 'Chrome’s built-in model', { backend: 'builtin' }],
    ]);
    expect(current).toBe(`webllm:${gpuModel}`);
    expect(options.find((o) => o.key === current)?.label).toBe(engineLabel(config));
  });

  it('shows the model in use even before it is downloaded, and no built-in model where the browser has none', () => {
    const config = { ...fresh, backend: 'cpu' as const, cpuModelId: cpuModel };
    const { options, current } = engineOptions({ config, cached: [], builtin: 'unavailable' });
    expect(options.map((o) => o.key)).toEqual([`cpu:${cpuModel}`]);
    expect(current).toBe(`cpu:${cpuModel}`);
  });

  it('offers nothing on a fresh profile (the header then points to Models)', () => {
    expect(engineOptions({ config: fresh, cached: [], builtin: null }).options).toEqual([]);
  });
});
