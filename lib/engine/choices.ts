/**
 * What can answer, in words: the label of an engine configuration (the host's status line
 * and the Chat header's switcher use the same), and the choices the switcher offers — the
 * downloaded WebLLM models, the downloaded CPU (GGUF) models, the configured server, and
 * Chrome's built-in model where the browser has it. Each choice is a patch of the engine
 * settings: choosing saves it, and the host loads that backend on next use.
 */
import type { CachedModel, EngineConfig } from '@/lib/messaging/protocol';
import { EMBEDDING_MODELS, findCatalogModel } from './catalog';
import { CPU_EMBEDDING_MODELS, cpuModelLabel, cpuModelUrl } from './cpu-catalog';
import { BUILTIN_MODEL_ID, type BuiltinAvailability } from './builtin-adapter';
import { TEST_ENGINE_LABEL, TEST_ENGINE_MODEL_ID } from './test-engine';

/** The model the configuration names for its backend ('' when none is chosen). */
export function configuredModelId(config: EngineConfig): string {
  if (config.backend === 'test') return TEST_ENGINE_MODEL_ID;
  if (config.backend === 'openai') return config.serverModel;
  if (config.backend === 'cpu') return config.cpuModelId;
  if (config.backend === 'builtin') return BUILTIN_MODEL_ID;
  return config.webllmModelId;
}

/** The configuration in words ("Llama 3.2 1B", "qwen2.5 on http://localhost:11434/v1"). */
export function engineLabel(config: EngineConfig): string {
  const modelId = configuredModelId(config);
  if (config.backend === 'test') return TEST_ENGINE_LABEL;
  if (config.backend === 'openai') return modelId ? `${modelId} on ${config.serverUrl}` : 'Your server (no model chosen)';
  if (config.backend === 'cpu') return modelId ? `${cpuModelLabel(modelId)} on the CPU` : 'CPU engine (no model chosen)';
  if (config.backend === 'builtin') return 'Chrome’s built-in model';
  return findCatalogModel(modelId)?.label ?? (modelId || 'No model chosen');
}

/** One choice of the switcher. */
export interface EngineOption {
  /** Stable id: backend and model. */
  key: string;
  label: string;
  group: 'GPU (WebLLM)' | 'CPU' | 'Your server' | 'Built in' | 'Test';
  patch: Partial<EngineConfig>;
}

const EMBEDDING_IDS = new Set<string>([...EMBEDDING_MODELS.map((m) => m.id), ...CPU_EMBEDDING_MODELS.map((m) => m.id)]);

const keyOf = (config: EngineConfig) => `${config.backend}:${configuredModelId(config)}`;

/**
 * The choices to offer, and the key of the one in use. Only models that are downloaded whole
 * (an incomplete one would start a download from Chat); the model in use is always among them.
 */
export function engineOptions(input: { config: EngineConfig; cached: readonly CachedModel[]; builtin: BuiltinAvailability | null }): { options: EngineOption[]; current: string } {
  const { config } = input;
  const option = (group: EngineOption['group'], patch: Partial<EngineConfig>): EngineOption => {
    const next = { ...config, ...patch };
    return { key: keyOf(next), label: engineLabel(next), group, patch };
  };
  const options: EngineOption[] = [];
  if (config.backend === 'test') options.push(option('Test', { backend: 'test' }));
  for (const model of input.cached) {
    if (!model.complete || EMBEDDING_IDS.has(model.modelId)) continue;
    options.push(
      cpuModelUrl(model.modelId) ? option('CPU', { backend: 'cpu', cpuModelId: model.modelId }) : option('GPU (WebLLM)', { backend: 'webllm', webllmModelId: model.modelId }),
    );
  }
  if (config.serverUrl && config.serverModel) options.push(option('Your server', { backend: 'openai' }));
  if (input.builtin === 'available' || input.builtin === 'downloadable' || config.backend === 'builtin') options.push(option('Built in', { backend: 'builtin' }));
  const current = keyOf(config);
  // The model in use, even when it is not (yet) downloaded: the switcher never shows another one.
  if (configuredModelId(config) && !options.some((o) => o.key === current)) {
    options.unshift(option(config.backend === 'cpu' ? 'CPU' : config.backend === 'openai' ? 'Your server' : config.backend === 'builtin' ? 'Built in' : 'GPU (WebLLM)', {}));
  }
  return { options, current };
}
