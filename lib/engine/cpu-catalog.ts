/**
 * The CPU engine's catalog: small GGUF instruct models that llama.cpp runs in
 * WebAssembly on any machine, and small embedding models for semantic search.
 * Sizes are the published files'; memory follows from each model's shape (lib/engine/model-memory.ts);
 * speeds are what a 4-core laptop gets with 4 threads (see docs/benchmarks.md).
 * A model id is a catalog id or, for any other GGUF file, its https URL.
 */
import type { TokenizerFamily } from './catalog';
import { chatModelMemoryMB, type ChatModelShape } from './model-memory';

export interface CpuCatalogModel {
  id: string;
  label: string;
  /** Where the GGUF file is downloaded from. */
  url: string;
  quant: 'Q4_K_M' | 'Q8_0';
  paramsB: number;
  downloadMB: number;
  /** The model's shape (from its GGUF header): what its memory follows from. */
  shape: ChatModelShape;
  /** Memory while running (weights, KV cache of the context window, compute buffer), in MB: chatModelMemoryMB. */
  memoryMB: number;
  contextWindow: number;
  tokenizer: TokenizerFamily | null;
  /** Expected reply speed on a 4-core laptop with 4 threads, tokens per second. */
  decodeTokensPerSecond: number;
  goodAt: string;
}

export interface CpuEmbeddingModel {
  id: string;
  label: string;
  url: string;
  downloadMB: number;
  memoryMB: number;
  dimensions: number;
  contextWindow: number;
  goodAt: string;
}

const hf = (repo: string, file: string) => `https://huggingface.co/${repo}/resolve/main/${file}`;

/** Chat models, smallest first; memory follows from each one's shape (withMemory). */
export const CPU_CATALOG: readonly CpuCatalogModel[] = (
  [
    {
      id: 'smollm2-360m-instruct-q8_0',
      label: 'SmolLM2 360M',
      url: hf('bartowski/SmolLM2-360M-Instruct-GGUF', 'SmolLM2-360M-Instruct-Q8_0.gguf'),
      quant: 'Q8_0',
      paramsB: 0.36,
      downloadMB: 386,
      shape: { layers: 32, width: 960, kvHeads: 5, headDim: 64, vocab: 49152, ff: 2560 },
      contextWindow: 4096,
      tokenizer: 'smollm2',
      decodeTokensPerSecond: 25,
      goodAt: 'Tiny and quick; short summaries on any machine',
    },
    {
      id: 'qwen2.5-0.5b-instruct-q4_k_m',
      label: 'Qwen2.5 0.5B',
      url: hf('Qwen/Qwen2.5-0.5B-Instruct-GGUF', 'qwen2.5-0.5b-instruct-q4_k_m.gguf'),
      quant: 'Q4_K_M',
      paramsB: 0.5,
      downloadMB: 491,
      shape: { layers: 24, width: 896, kvHeads: 2, headDim: 64, vocab: 151936, ff: 4864 },
      contextWindow: 4096,
      tokenizer: 'qwen2.5',
      decodeTokensPerSecond: 25,
      goodAt: 'Fast, many languages; quick summaries',
    },
    {
      id: 'qwen3-0.6b-q8_0',
      label: 'Qwen3 0.6B',
      url: hf('Qwen/Qwen3-0.6B-GGUF', 'Qwen3-0.6B-Q8_0.gguf'),
      quant: 'Q8_0',
      paramsB: 0.6,
      downloadMB: 639,
      shape: { layers: 28, width: 1024, kvHeads: 8, headDim: 128, vocab: 151936, ff: 3072 },
      contextWindow: 4096,
      tokenizer: 'qwen3',
      decodeTokensPerSecond: 15,
      goodAt: 'Newer small model; careful short answers',
    },
    {
      id: 'gemma-3-1b-it-q4_k_m',
      label: 'Gemma 3 1B',
      url: hf('ggml-org/gemma-3-1b-it-GGUF', 'gemma-3-1b-it-Q4_K_M.gguf'),
      quant: 'Q4_K_M',
      paramsB: 1.0,
      downloadMB: 806,
      shape: { layers: 26, width: 1152, kvHeads: 1, headDim: 256, vocab: 262144, ff: 6912 },
      contextWindow: 4096,
      tokenizer: null,
      decodeTokensPerSecond: 12,
      goodAt: 'Fluent writing for its size',
    },
    {
      id: 'llama-3.2-1b-instruct-q4_k_m',
      label: 'Llama 3.2 1B',
      url: hf('bartowski/Llama-3.2-1B-Instruct-GGUF', 'Llama-3.2-1B-Instruct-Q4_K_M.gguf'),
      quant: 'Q4_K_M',
      paramsB: 1.2,
      downloadMB: 808,
      shape: { layers: 16, width: 2048, kvHeads: 8, headDim: 64, vocab: 128256, ff: 8192 },
      contextWindow: 4096,
      tokenizer: 'llama-3',
      decodeTokensPerSecond: 12,
      goodAt: 'Good all-rounder',
    },
    {
      id: 'smollm2-1.7b-instruct-q4_k_m',
      label: 'SmolLM2 1.7B',
      url: hf('bartowski/SmolLM2-1.7B-Instruct-GGUF', 'SmolLM2-1.7B-Instruct-Q4_K_M.gguf'),
      quant: 'Q4_K_M',
      paramsB: 1.7,
      downloadMB: 1060,
      shape: { layers: 24, width: 2048, kvHeads: 32, headDim: 64, vocab: 49152, ff: 8192 },
      contextWindow: 4096,
      tokenizer: 'smollm2',
      decodeTokensPerSecond: 8,
      goodAt: 'Better English summaries; needs 8 GB of memory',
    },
    {
      id: 'qwen2.5-1.5b-instruct-q4_k_m',
      label: 'Qwen2.5 1.5B',
      url: hf('Qwen/Qwen2.5-1.5B-Instruct-GGUF', 'qwen2.5-1.5b-instruct-q4_k_m.gguf'),
      quant: 'Q4_K_M',
      paramsB: 1.5,
      downloadMB: 1120,
      shape: { layers: 28, width: 1536, kvHeads: 2, headDim: 128, vocab: 151936, ff: 8960 },
      contextWindow: 4096,
      tokenizer: 'qwen2.5',
      decodeTokensPerSecond: 8,
      goodAt: 'Better answers with citations; multilingual',
    },
    {
      id: 'qwen3-1.7b-q4_k_m',
      label: 'Qwen3 1.7B',
      url: hf('Qwen/Qwen3-1.7B-GGUF', 'Qwen3-1.7B-Q4_K_M.gguf'),
      quant: 'Q4_K_M',
      paramsB: 1.7,
      downloadMB: 1280,
      shape: { layers: 28, width: 2048, kvHeads: 8, headDim: 128, vocab: 151936, ff: 6144 },
      contextWindow: 4096,
      tokenizer: 'qwen3',
      decodeTokensPerSecond: 7,
      goodAt: 'Best quality that still runs on a CPU',
    },
  ] satisfies Array<Omit<CpuCatalogModel, 'memoryMB'>>
).map(withMemory);

function withMemory(model: Omit<CpuCatalogModel, 'memoryMB'>): CpuCatalogModel {
  return { ...model, memoryMB: chatModelMemoryMB(model) };
}

/** Embedding models for semantic search on the CPU. */
export const CPU_EMBEDDING_MODELS: readonly CpuEmbeddingModel[] = [
  {
    id: 'bge-small-en-v1.5-f16',
    label: 'BGE small (English)',
    url: hf('CompendiumLabs/bge-small-en-v1.5-gguf', 'bge-small-en-v1.5-f16.gguf'),
    downloadMB: 67,
    memoryMB: 120,
    dimensions: 384,
    contextWindow: 512,
    goodAt: 'English pages',
  },
];

/** True when `modelId` is a URL of a GGUF file (a model outside the catalog). */
export function isModelUrl(modelId: string): boolean {
  return /^https?:\/\//i.test(modelId);
}

/** The catalog chat model with this id, if any. */
export function findCpuModel(modelId: string): CpuCatalogModel | undefined {
  return CPU_CATALOG.find((m) => m.id === modelId);
}

/** The catalog embedding model with this id, if any. */
export function findCpuEmbeddingModel(modelId: string): CpuEmbeddingModel | undefined {
  return CPU_EMBEDDING_MODELS.find((m) => m.id === modelId);
}

/** Where the GGUF file of a model id comes from (catalog URL, or the id itself when it is a URL); null when unknown. */
export function cpuModelUrl(modelId: string): string | null {
  return findCpuModel(modelId)?.url ?? findCpuEmbeddingModel(modelId)?.url ?? (isModelUrl(modelId) ? modelId : null);
}

/** A short name for a model id: the catalog label or the file name of a URL. */
export function cpuModelLabel(modelId: string): string {
  const known = findCpuModel(modelId) ?? findCpuEmbeddingModel(modelId);
  if (known) return known.label;
  if (isModelUrl(modelId)) return decodeURIComponent(new URL(modelId).pathname.split('/').pop() || modelId);
  return modelId || 'No model chosen';
}

/** The machine as the CPU recommendation sees it. */
export interface CpuMachine {
  /** navigator.deviceMemory (GB, capped at 8 by browsers), when known. */
  memoryGB?: number;
  /** navigator.hardwareConcurrency. */
  cores?: number;
}

/**
 * The catalog model sized to this machine: memory bounds the model (a model
 * should take at most about a quarter of the machine's memory) and few cores
 * favour the smallest model, since speed falls with size.
 */
export function recommendCpuModel(machine: CpuMachine, catalog: readonly CpuCatalogModel[] = CPU_CATALOG): CpuCatalogModel {
  const memoryMB = (machine.memoryGB ?? 4) * 1024;
  const cores = machine.cores ?? 2;
  const budgetMB = memoryMB / 4;
  const maxParamsB = cores >= 8 ? 1.7 : cores >= 4 ? 0.6 : 0.36;
  const fitting = catalog.filter((m) => m.memoryMB <= budgetMB && m.paramsB <= maxParamsB);
  return fitting.at(-1) ?? catalog[0]!;
}
