import { describe, expect, it } from 'vitest';
import { probeCapabilities, recommendEngine, recommendModel, type ProbeAdapter, type ProbeNavigator } from '@/lib/engine/capabilities';
import { findCpuModel } from '@/lib/engine/cpu-catalog';
import { cpuRuntime } from '@/lib/engine/cpu-adapter';
import { CATALOG } from '@/lib/engine/catalog';

const GB = 1024 ** 3;

function nav(adapter: ProbeAdapter | null, storage = { quota: 60 * GB, usage: 1 * GB }): ProbeNavigator {
  return {
    gpu: { requestAdapter: async () => adapter },
    storage: { estimate: async () => storage, persisted: async () => false },
  };
}

// What headless Chromium here reports with --enable-unsafe-webgpu (see E2E-NOTES): SwiftShader.
const swiftShader: ProbeAdapter = {
  features: { has: () => false },
  limits: { maxBufferSize: 1 * GB, maxStorageBufferBindingSize: 1 * GB },
  info: { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader Device (Subzero)', isFallbackAdapter: true },
};
const laptopGpu: ProbeAdapter = {
  features: { has: (name) => name === 'shader-f16' },
  limits: { maxBufferSize: 4 * GB, maxStorageBufferBindingSize: 2 * GB },
  info: { vendor: 'intel', architecture: 'xe', isFallbackAdapter: false },
};

describe('the hardware check', () => {
  it('says "no WebGPU" when there is no adapter, and points to a server', async () => {
    const caps = await probeCapabilities(nav(null));
    expect(caps.webgpu).toBe('no-adapter');
    const verdict = recommendModel(caps);
    expect(verdict.usable).toBe(false);
    expect(verdict.nextStep).toMatch(/server/);
  });

  it('refuses a software fallback adapter and picks q4f32 builds for it', async () => {
    const caps = await probeCapabilities(nav(swiftShader));
    expect(caps).toMatchObject({ webgpu: 'fallback', shaderF16: false, maxBufferSize: GB });
    const verdict = recommendModel(caps);
    expect(verdict.usable).toBe(false);
    expect(verdict.build).toBe('q4f32');
    expect(verdict.reason).toContain('SwiftShader');
  });

  it('recommends an f16 build that fits a real GPU, with the reason', async () => {
    const caps = await probeCapabilities(nav(laptopGpu));
    const verdict = recommendModel(caps);
    expect(verdict.usable).toBe(true);
    expect(verdict.modelId).toBe(verdict.model!.id);
    expect(verdict.modelId).toContain('q4f16');
    expect(verdict.reason).toContain(verdict.model!.label);
  });

  it('recommends a smaller model when storage is short', async () => {
    const roomy = recommendModel(await probeCapabilities(nav(laptopGpu)));
    const tight = recommendModel(await probeCapabilities(nav(laptopGpu, { quota: 1.2 * GB, usage: 0.5 * GB })));
    expect(tight.model!.paramsB).toBeLessThan(roomy.model!.paramsB);
    expect(CATALOG).toContain(tight.model);
  });
});

describe('the hardware check in Firefox', () => {
  const FIREFOX_UA = 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0';

  it('says in Firefox words that there is no WebGPU, without pointing to chrome:// settings', async () => {
    // What Firefox ESR 153 on Linux offers extensions: no navigator.gpu, no shared memory (tests/e2e/firefox).
    const caps = await probeCapabilities({ userAgent: FIREFOX_UA, storage: { estimate: async () => ({ quota: 10 * GB, usage: 0 }) } }, { crossOriginIsolated: false });
    expect(caps).toMatchObject({ webgpu: 'missing', browser: 'firefox', wasmThreads: false });
    const verdict = recommendModel(caps);
    expect(verdict.usable).toBe(false);
    expect(verdict.reason).toBe('Firefox offers no WebGPU here.');
    expect(verdict.nextStep).toMatch(/own server/);
    expect(verdict.nextStep).toMatch(/The CPU engine runs here instead/);
    expect(verdict.nextStep).not.toMatch(/chrome:\/\//);
  });

  it('says the same when WebGPU is switched on but no adapter is offered', async () => {
    const caps = await probeCapabilities({ ...nav(null), userAgent: FIREFOX_UA }, { crossOriginIsolated: false });
    expect(recommendModel(caps)).toMatchObject({ usable: false, reason: 'WebGPU is switched on in Firefox, but it offers no graphics adapter.' });
  });

  it('knows WebAssembly threads need a cross-origin isolated context with shared memory', async () => {
    expect((await probeCapabilities(nav(null), { crossOriginIsolated: true, SharedArrayBuffer })).wasmThreads).toBe(true);
    expect((await probeCapabilities(nav(null), { crossOriginIsolated: false, SharedArrayBuffer })).wasmThreads).toBe(false);
    expect((await probeCapabilities(nav(null), { crossOriginIsolated: true })).wasmThreads).toBe(false);
  });
});

describe('the engine chosen by the hardware check', () => {
  it('keeps WebLLM for a usable GPU', async () => {
    const choice = recommendEngine(await probeCapabilities(nav(laptopGpu)), { cores: 8, memoryGB: 8 });
    expect(choice.backend).toBe('webllm');
    expect(CATALOG.some((m) => m.id === choice.modelId || m.f32Id === choice.modelId)).toBe(true);
  });

  it('picks the CPU engine without WebGPU or with a software adapter, sized to memory and cores, in one sentence', async () => {
    const noAdapter = await probeCapabilities({ gpu: { requestAdapter: async () => null } });
    const small = recommendEngine(noAdapter, { cores: 2, memoryGB: 4 });
    expect(small).toMatchObject({ backend: 'cpu', modelId: 'smollm2-360m-instruct-q8_0' });
    expect(small.reason).toMatch(
      /^WebGPU is present but the browser offers no graphics adapter, so Gleaner runs SmolLM2 360M on the CPU instead \(this machine has 2 cores and 4 GB of memory; about \d+ tokens a second/,
    );
    expect(small.reason.split('. ').length).toBe(1);
    const big = recommendEngine(await probeCapabilities(nav(swiftShader)), { cores: 8, memoryGB: 8 });
    expect(big.backend).toBe('cpu');
    expect(findCpuModel(big.modelId)!.paramsB).toBeGreaterThan(1);
    expect(findCpuModel(big.modelId)!.memoryMB).toBeLessThanOrEqual(2048);
  });
});

describe('CPU threads', () => {
  it('uses several threads only in a cross-origin isolated host, and says which mode is active', () => {
    expect(cpuRuntime({ crossOriginIsolated: false, hardwareConcurrency: 8 })).toMatchObject({ threads: 1, mode: expect.stringMatching(/1 thread .*single-threaded/) });
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 4 })).toMatchObject({ threads: 4, mode: expect.stringMatching(/4 threads .*multi-threaded/) });
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 2 })).toMatchObject({ threads: 1, mode: expect.stringMatching(/1 thread .*faster on 2 cores/) });
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 16 }).threads).toBe(8);
    expect(cpuRuntime({ crossOriginIsolated: true, hardwareConcurrency: 16 }, 1).threads).toBe(1);
  });
});
