/**
 * The curated model catalog: small instruct models from WebLLM's
 * `prebuiltAppConfig` that fit ordinary laptops. A static copy (importing
 * WebLLM here would pull it into the popup and background); a unit test
 * checks every id, context window and memory figure against the real package.
 */

/** Tokenizer families with a reference tokenizer that needs no download. */
export type TokenizerFamily = 'llama-3' | 'qwen2.5' | 'qwen3' | 'smollm2' | 'phi-3' | 'gemma-2';

export interface CatalogModel {
  /** WebLLM model id of the q4f16 build (needs the GPU feature `shader-f16`). */
  id: string;
  /** WebLLM model id of the q4f32 build, for GPUs without `shader-f16`. */
  f32Id: string;
  label: string;
  /** Parameters, in billions. */
  paramsB: number;
  /** GPU memory WebLLM reports for the f16 / f32 build, in MB. */
  vramMB: { f16: number; f32: number };
  /** Context window in tokens. */
  contextWindow: number;
  tokenizer: TokenizerFamily;
  /** What it is good at, in a few words a person can choose by. */
  goodAt: string;
}

/** The catalog, smallest first. */
export const CATALOG: readonly CatalogModel[] = [
  {
    id: 'SmolLM2-360M-Instruct-q4f16_1-MLC',
    f32Id: 'SmolLM2-360M-Instruct-q4f32_1-MLC',
    label: 'SmolLM2 360M',
    paramsB: 0.36,
    vramMB: { f16: 376.06, f32: 579.61 },
    contextWindow: 4096,
    tokenizer: 'smollm2',
    goodAt: 'Tiny and fast; short summaries on weak machines',
  },
  {
    id: 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC',
    f32Id: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
    label: 'Qwen2.5 0.5B',
    paramsB: 0.5,
    vramMB: { f16: 944.62, f32: 1060.2 },
    contextWindow: 4096,
    tokenizer: 'qwen2.5',
    goodAt: 'Fast, many languages; quick summaries',
  },
  {
    id: 'Llama-3.2-1B-Instruct-q4f16_1-MLC',
    f32Id: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
    label: 'Llama 3.2 1B',
    paramsB: 1.2,
    vramMB: { f16: 879.04, f32: 1128.82 },
    contextWindow: 4096,
    tokenizer: 'llama-3',
    goodAt: 'Good all-rounder for any laptop',
  },
  {
    id: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    f32Id: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
    label: 'Qwen2.5 1.5B',
    paramsB: 1.5,
    vramMB: { f16: 1629.75, f32: 1888.97 },
    contextWindow: 4096,
    tokenizer: 'qwen2.5',
    goodAt: 'Better answers with citations; multilingual',
  },
  {
    id: 'SmolLM2-1.7B-Instruct-q4f16_1-MLC',
    f32Id: 'SmolLM2-1.7B-Instruct-q4f32_1-MLC',
    label: 'SmolLM2 1.7B',
    paramsB: 1.7,
    vramMB: { f16: 1774.19, f32: 2692.38 },
    contextWindow: 4096,
    tokenizer: 'smollm2',
    goodAt: 'English summaries and questions',
  },
  {
    id: 'gemma-2-2b-it-q4f16_1-MLC',
    f32Id: 'gemma-2-2b-it-q4f32_1-MLC',
    label: 'Gemma 2 2B',
    paramsB: 2.6,
    vramMB: { f16: 1895.3, f32: 2508.75 },
    contextWindow: 4096,
    tokenizer: 'gemma-2',
    goodAt: 'Fluent writing; detailed summaries',
  },
  {
    id: 'Llama-3.2-3B-Instruct-q4f16_1-MLC',
    f32Id: 'Llama-3.2-3B-Instruct-q4f32_1-MLC',
    label: 'Llama 3.2 3B',
    paramsB: 3.2,
    vramMB: { f16: 2263.69, f32: 2951.51 },
    contextWindow: 4096,
    tokenizer: 'llama-3',
    goodAt: 'Best quality that still fits most laptops',
  },
  {
    id: 'Qwen2.5-3B-Instruct-q4f16_1-MLC',
    f32Id: 'Qwen2.5-3B-Instruct-q4f32_1-MLC',
    label: 'Qwen2.5 3B',
    paramsB: 3.1,
    vramMB: { f16: 2504.76, f32: 2893.64 },
    contextWindow: 4096,
    tokenizer: 'qwen2.5',
    goodAt: 'Strong reasoning over many sources; multilingual',
  },
  {
    id: 'Phi-3.5-mini-instruct-q4f16_1-MLC',
    f32Id: 'Phi-3.5-mini-instruct-q4f32_1-MLC',
    label: 'Phi-3.5 mini',
    paramsB: 3.8,
    vramMB: { f16: 3672.07, f32: 5483.12 },
    contextWindow: 4096,
    tokenizer: 'phi-3',
    goodAt: 'Careful answers; needs a stronger GPU',
  },
];

/** Embedding models for semantic search (WebLLM's snowflake-arctic-embed builds). */
export const EMBEDDING_MODELS = [
  { id: 'snowflake-arctic-embed-s-q0f32-MLC-b4', label: 'Arctic Embed S', vramMB: 238.71, dimensions: 384 },
  { id: 'snowflake-arctic-embed-m-q0f32-MLC-b4', label: 'Arctic Embed M', vramMB: 539.4, dimensions: 768 },
] as const;

/** The catalog entry whose f16 or f32 id is `modelId`, if any. */
export function findCatalogModel(modelId: string): CatalogModel | undefined {
  return CATALOG.find((model) => model.id === modelId || model.f32Id === modelId);
}
