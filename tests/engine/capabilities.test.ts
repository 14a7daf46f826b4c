import { describe, expect, it } from 'vitest';
import { probeCapabilities, recommendModel, type ProbeAdapter, type ProbeNavigator } from '@/lib/engine/capabilities';
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
