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
