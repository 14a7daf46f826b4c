import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '@/lib/settings';
import { downloadAndChoose, engineChosen, firstRunOffer } from '@/lib/engine/first-run';
import type { GpuCapabilities } from '@/lib/engine/capabilities';
import { findCpuModel } from '@/lib/engine/cpu-catalog';
import { DownloadFailedError } from '@/lib/engine/errors';
import { TestEngine } from '@/lib/engine/test-engine';
import type { EngineConfig } from '@/lib/messaging/protocol';

const fresh: EngineConfig = structuredClone(DEFAULT_SETTINGS.engine);
const GB = 1024 ** 3;
const noGpu: GpuCapabilities = { webgpu: 'no-adapter', shaderF16: false, browser: 'other', storageFree: 50 * GB };
const laptopGpu: GpuCapabilities = {
  webgpu: 'ok',
  shaderF16: true,
  maxBufferSize: 4 * GB,
  storageFree: 50 * GB,
  browser: 'other',
  adapter: { vendor: 'intel', architecture: 'xe', device: '', description: '', isFallbackAdapter: false },
};

describe('the first run', () => {
  it('is not over on a fresh install: nothing chosen (the popup said "Ready" and Chat "No model chosen")', () => {
    expect(engineChosen(fresh)).toBe(false);
    expect(engineChosen({ ...fresh, backend: 'cpu' })).toBe(false);
    expect(engineChosen({ ...fresh, backend: 'openai', serverUrl: 'http://localhost:11434/v1' })).toBe(false);
    expect(engineChosen({ ...fresh, backend: 'openai', serverUrl: 'http://localhost:11434/v1', serverModel: 'llama3.2' })).toBe(true);
    expect(engineChosen({ ...fresh, webllmModelId: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC' })).toBe(true);
    expect(engineChosen({ ...fresh, backend: 'cpu', cpuModelId: 'smollm2-360m-instruct-q8_0' })).toBe(true);
    expect(engineChosen({ ...fresh, backend: 'builtin' })).toBe(true);
  });

  it('offers one model sized for the machine: the GPU model with a usable GPU, the CPU engine’s without', () => {
    const gpu = firstRunOffer(laptopGpu, { cores: 8, memoryGB: 8 });
    expect(gpu.backend).toBe('webllm');
    expect(gpu.modelId).toMatch(/q4f16/);
    expect(gpu.downloadMB).toBeGreaterThan(100);

    const cpu = firstRunOffer(noGpu, { cores: 2, memoryGB: 4 });
    expect(cpu).toMatchObject({ backend: 'cpu', modelId: 'smollm2-360m-instruct-q8_0', label: 'SmolLM2 360M', downloadMB: findCpuModel('smollm2-360m-instruct-q8_0')!.downloadMB });
    expect(cpu.reason).toMatch(/on the CPU/);
  });

  it('offers the CPU engine in Firefox without WebGPU too (it starts there now)', () => {
    expect(firstRunOffer({ ...noGpu, browser: 'firefox' }, { cores: 8, memoryGB: 8 }).backend).toBe('cpu');
  });

  it('makes a model the chosen one only once it has loaded: a failed download leaves nothing "Selected"', async () => {
    let config: EngineConfig = { ...fresh };
    const save = async (patch: Partial<EngineConfig>) => void (config = { ...config, ...patch });
    const failing = { backend: config.backend, save, load: () => Promise.reject(new DownloadFailedError('The model could not be downloaded.')) };
    await expect(downloadAndChoose(failing, 'cpu', 'qwen2.5-0.5b-instruct-q4_k_m')).rejects.toThrow(DownloadFailedError);
    // The backend was switched (the host loads with it), the model was not chosen, the first run goes on.
    expect(config).toMatchObject({ backend: 'cpu', cpuModelId: '' });
    expect(engineChosen(config)).toBe(false);

    const engine = new TestEngine();
    await downloadAndChoose({ backend: config.backend, save, load: (id) => engine.load(id) }, 'cpu', 'qwen2.5-0.5b-instruct-q4_k_m');
    expect(config.cpuModelId).toBe('qwen2.5-0.5b-instruct-q4_k_m');
    expect(engineChosen(config)).toBe(true);
  });
});
