/**
 * The first run, as plain decisions: has the person got something that answers
 * yet, and which ONE way to get there fits this machine (the views in
 * components/onboarding/ only show them). Reuses the hardware check and the
 * catalogs: no second recommendation logic.
 */
import type { EngineConfig } from '@/lib/messaging/protocol';
import { estimateDownloadMB, recommendEngine, recommendModel, type GpuCapabilities } from './capabilities';
import { findCpuModel, type CpuMachine } from './cpu-catalog';

/**
 * Whether an engine is chosen: a model or a server the person set up (a model becomes chosen only
 * once it has downloaded and loaded; a server once it was saved). Until then the popup and Chat
 * show the onboarding instead of a Summarize button that can only fail.
 */
export function engineChosen(config: EngineConfig): boolean {
  switch (config.backend) {
    case 'test':
    case 'builtin':
      return true;
    case 'openai':
      return Boolean(config.serverUrl && config.serverModel);
    case 'cpu':
      return Boolean(config.cpuModelId);
    case 'webllm':
      return Boolean(config.webllmModelId);
  }
}

/** The model the onboarding offers to download on this machine. */
export interface ModelOffer {
  backend: 'webllm' | 'cpu';
  modelId: string;
  label: string;
  downloadMB: number;
  /** One sentence: why this model, on this machine. */
  reason: string;
}

/**
 * The one model to offer: a usable GPU → the WebLLM model the hardware check picks; no usable
 * WebGPU (or only a software adapter) → the CPU engine's model sized to memory and cores.
 */
export function firstRunOffer(caps: GpuCapabilities, machine: CpuMachine): ModelOffer {
  const gpu = recommendModel(caps);
  const choice = recommendEngine(caps, machine);
  const downloadMB = choice.backend === 'webllm' && gpu.model ? estimateDownloadMB(gpu.model, gpu.build) : (findCpuModel(choice.modelId)?.downloadMB ?? 0);
  return { backend: choice.backend, modelId: choice.modelId, label: choice.label, downloadMB, reason: choice.reason };
}

/** The loading and settings steps of "download and use this model", as the views call them. */
export interface ChooseModelDeps {
  /** The backend in the settings now. */
  backend: EngineConfig['backend'] | undefined;
  save(patch: Partial<EngineConfig>): Promise<void>;
  load(modelId: string): Promise<unknown>;
}

/**
 * Downloads and loads a model, and only then makes it the chosen one: a failed or cancelled
 * download must not leave it "Selected" (Chat would show it as the model, and the onboarding
 * would end). The backend is switched first, since the host loads with the configured backend.
 */
export async function downloadAndChoose(deps: ChooseModelDeps, backend: 'webllm' | 'cpu', modelId: string): Promise<void> {
  if (deps.backend !== backend) await deps.save({ backend });
  await deps.load(modelId);
  await deps.save(backend === 'cpu' ? { cpuModelId: modelId } : { webllmModelId: modelId });
}
