/**
 * The hardware check before any download: is there a usable WebGPU adapter,
 * does it have `shader-f16`, how large may buffers be, how much storage is
 * free — and from that, which catalog model to recommend and why. Takes
 * `navigator`-like inputs as parameters so it runs in Node tests too.
 */
import { CATALOG, type CatalogModel } from './catalog';
import { recommendCpuModel, type CpuMachine } from './cpu-catalog';

/** What the probe found. */
export interface GpuCapabilities {
  webgpu: 'missing' | 'no-adapter' | 'fallback' | 'ok';
  adapter?: { vendor: string; architecture: string; device: string; description: string; isFallbackAdapter: boolean };
  shaderF16: boolean;
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
  /** Free bytes the origin may still use (quota − usage), when the browser says. */
  storageFree?: number;
  storageQuota?: number;
  storagePersisted?: boolean;
  /** Firefox needs its own next steps (no chrome:// settings; no WebGPU adapter on Linux). */
  browser?: 'firefox' | 'other';
  /** Whether WebAssembly may use threads: only with shared memory (a cross-origin isolated context). */
  wasmThreads?: boolean;
}

/** The verdict shown to people. */
export interface Recommendation {
  usable: boolean;
  /** The model to download (its f16 or f32 build id), when usable. */
  modelId?: string;
  model?: CatalogModel;
  /** Which build the catalog offers on this GPU. */
  build: 'q4f16' | 'q4f32';
  reason: string;
  /** What to do when not usable. */
  nextStep?: string;
}

/** The parts of `navigator` the probe reads. */
export interface ProbeNavigator {
  gpu?: { requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<ProbeAdapter | null> };
  storage?: { estimate?(): Promise<{ quota?: number; usage?: number }>; persisted?(): Promise<boolean> };
  userAgent?: string;
}

/** The parts of `GPUAdapter` the probe reads. */
export interface ProbeAdapter {
  features: { has(name: string): boolean };
  limits: { maxBufferSize?: number; maxStorageBufferBindingSize?: number };
  info?: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean };
  isFallbackAdapter?: boolean;
}

/** Probes WebGPU and storage. Never throws: a failing probe is reported as missing. */
export async function probeCapabilities(
  nav: ProbeNavigator = navigator as unknown as ProbeNavigator,
  scope: { crossOriginIsolated?: boolean; SharedArrayBuffer?: unknown } = globalThis,
): Promise<GpuCapabilities> {
  const out: GpuCapabilities = {
    webgpu: 'missing',
    shaderF16: false,
    browser: /\bFirefox\//.test(nav.userAgent ?? '') ? 'firefox' : 'other',
    // Firefox extension pages are never cross-origin isolated (no COOP/COEP manifest keys): one thread there.
    wasmThreads: scope.crossOriginIsolated === true && typeof scope.SharedArrayBuffer === 'function',
  };
  try {
    const estimate = await nav.storage?.estimate?.();
    if (estimate?.quota !== undefined) {
      out.storageQuota = estimate.quota;
      out.storageFree = Math.max(0, estimate.quota - (estimate.usage ?? 0));
    }
    out.storagePersisted = await nav.storage?.persisted?.();
  } catch {
    // storage estimates are optional
  }
  if (!nav.gpu) return out;
  let adapter: ProbeAdapter | null = null;
  try {
    adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    // A GPU process restart can make the first request return null: ask once more.
    adapter ??= await nav.gpu.requestAdapter();
  } catch {
    adapter = null;
  }
  if (!adapter) return { ...out, webgpu: 'no-adapter' };
  const info = adapter.info ?? {};
  const isFallbackAdapter = Boolean(info.isFallbackAdapter ?? adapter.isFallbackAdapter);
  return {
    ...out,
    webgpu: isFallbackAdapter ? 'fallback' : 'ok',
    adapter: {
      vendor: info.vendor ?? '',
      architecture: info.architecture ?? '',
      device: info.device ?? '',
      description: info.description ?? '',
      isFallbackAdapter,
    },
    shaderF16: adapter.features.has('shader-f16'),
    maxBufferSize: adapter.limits.maxBufferSize,
    maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
  };
}

/** The catalog build id to download on this GPU (q4f32 when `shader-f16` is missing). */
export function buildFor(model: CatalogModel, caps: Pick<GpuCapabilities, 'shaderF16'>): string {
  return caps.shaderF16 ? model.id : model.f32Id;
}

/** Rough download size of a catalog model in MB (4-bit weights plus scales and the model library). */
export function estimateDownloadMB(model: CatalogModel, build: 'q4f16' | 'q4f32' = 'q4f16'): number {
  // q4 weights take ~0.55 bytes per parameter with group scales; f32 scales add a little.
  return Math.round(model.paramsB * 1000 * (build === 'q4f16' ? 0.56 : 0.6) + 10);
}

const MB = 1024 * 1024;

/** Picks a model for these capabilities, with the reason in plain words. */
export function recommendModel(caps: GpuCapabilities, catalog: readonly CatalogModel[] = CATALOG): Recommendation {
  const build = caps.shaderF16 ? 'q4f16' : 'q4f32';
  if ((caps.webgpu === 'missing' || caps.webgpu === 'no-adapter') && caps.browser === 'firefox') {
    return {
      usable: false,
      build,
      reason: caps.webgpu === 'missing' ? 'Firefox offers no WebGPU here.' : 'WebGPU is switched on in Firefox, but it offers no graphics adapter.',
      nextStep:
        'Firefox gives extensions no WebGPU graphics adapter on this system (on Linux it has none yet), so no model runs on the graphics card in Firefox. The CPU engine runs here instead, on a single thread (Firefox gives add-on pages no shared memory), so it is slower than in Chrome; or connect your own server (Ollama, LM Studio, llama.cpp) under Backend.',
    };
  }
  if (caps.webgpu === 'missing' || caps.webgpu === 'no-adapter') {
    return {
      usable: false,
      build,
      reason: caps.webgpu === 'missing' ? 'This browser has no WebGPU.' : 'WebGPU is present but the browser offers no graphics adapter.',
      nextStep:
        'Turn on hardware acceleration (chrome://settings/system) and, on Linux, WebGPU (chrome://flags/#enable-unsafe-webgpu), then restart the browser — or connect your own server (Ollama, LM Studio) under Backend.',
    };
  }
  if (caps.webgpu === 'fallback') {
    return {
      usable: false,
      build,
      reason: `Only a software adapter${caps.adapter?.description ? ` (${caps.adapter.description})` : ''} is available: it emulates the GPU on the CPU and would take minutes per sentence.`,
      nextStep: 'Connect your own server (Ollama, LM Studio, llama.cpp) under Backend, or enable GPU acceleration in the browser.',
    };
  }
  // Largest model whose weights fit one buffer, whose memory need fits comfortably and whose download fits the storage.
  const maxBufferMB = (caps.maxBufferSize ?? 256 * MB) / MB;
  const freeMB = caps.storageFree !== undefined ? caps.storageFree / MB : Infinity;
  const fitting = catalog.filter((m) => {
    const vram = caps.shaderF16 ? m.vramMB.f16 : m.vramMB.f32;
    // Without a memory figure from WebGPU, the buffer limit is our best hint of the GPU's class.
    return vram <= Math.max(2048, maxBufferMB * 2) && estimateDownloadMB(m, build) * 1.2 < freeMB && m.paramsB <= 2;
  });
  const pick = fitting.at(-1) ?? catalog[0]!;
  const storageNote = freeMB < Infinity ? ` and ${Math.round(freeMB / 1024)} GB of free storage` : '';
  return {
    usable: true,
    build,
    model: pick,
    modelId: buildFor(pick, caps),
    reason: `${pick.label} fits a GPU with ${caps.shaderF16 ? 'shader-f16' : 'no shader-f16 (so the q4f32 build)'}${storageNote}: ${pick.goodAt.toLowerCase()}.`,
  };
}

/** The engine the hardware check picks by itself (the person can always choose another). */
export interface EngineChoice {
  backend: 'webllm' | 'cpu';
  /** The model to download for it (WebLLM build id or CPU catalog id). */
  modelId: string;
  label: string;
  /** One sentence a person reads to understand the choice. */
  reason: string;
}

/**
 * A usable GPU → WebLLM with the model recommendModel picks; no WebGPU or a
 * software adapter → the CPU engine with a model sized to the memory and cores.
 */
export function recommendEngine(caps: GpuCapabilities, machine: CpuMachine, catalog: readonly CatalogModel[] = CATALOG): EngineChoice {
  const gpu = recommendModel(caps, catalog);
  if (gpu.usable && gpu.model && gpu.modelId) {
    return { backend: 'webllm', modelId: gpu.modelId, label: gpu.model.label, reason: `Your GPU runs ${gpu.model.label} with WebLLM: ${gpu.reason}` };
  }
  const model = recommendCpuModel(machine);
  const facts = [machine.cores ? `${machine.cores} cores` : '', machine.memoryGB ? `${machine.memoryGB} GB of memory` : ''].filter(Boolean).join(' and ');
  return {
    backend: 'cpu',
    modelId: model.id,
    label: model.label,
    reason: `${gpu.reason.replace(/\.$/, '')}, so Gleaner runs ${model.label} on the CPU instead (${facts ? `this machine has ${facts}; ` : ''}about ${model.decodeTokensPerSecond} tokens a second on a 4-core laptop).`,
  };
}
